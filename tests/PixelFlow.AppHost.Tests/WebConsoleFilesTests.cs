using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.AppHost.Tests;

/// <summary>
/// The console's Files tab in a real browser against the AppHost: uploads of real photos with their progress, their
/// states arriving live, the grid, and a file's page with its variants.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class WebConsoleFilesTests(AppHostFixture system)
{
    private static readonly string[] Photos = ["photo.jpg", "scene.jpg", "sample-xyb.jpg"];

    /// <summary>A preset 300 px wide in WebP (the height follows the photo's proportions).</summary>
    private const string WebPreset = """{"steps":[{"action":"resize","width":300}],"format":"webp"}""";

    [Fact]
    public async Task UploadedPhotosShowTheirProgressTurnReadyLiveAndOpenWithTheirVariantsDimensions()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(system);
        await browser.RunAsync(async page =>
        {
            var email = await browser.SignUpAsync();
            await browser.CreateProjectAsync("Photo library");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/files$"));
            await Assertions.Expect(page.GetByText("No files yet")).ToBeVisibleAsync();
            var projectId = Guid.Parse(Regex.Match(page.Url, "/projects/([0-9a-f-]{36})/").Groups[1].Value);
            using var api = await SignedInApiAsync(email, projectId);
            var preset = await api.PutAsync("/v1/projects/current/presets/web", new StringContent(WebPreset, System.Text.Encoding.UTF8, "application/json"));
            preset.StatusCode.ShouldBe(HttpStatusCode.OK, await preset.Content.ReadAsStringAsync());

            // Anything the page sets survives only if it is not reloaded: the states must arrive live.
            await page.EvaluateAsync("window.notReloaded = true");
            var picker = page.GetByLabel("Choose files");
            await Assertions.Expect(picker).ToBeEnabledAsync(); // the upload script listens
            await picker.SetInputFilesAsync(Photos.Select(PhotoPath));

            var uploads = page.GetByRole(AriaRole.List, new() { Name = "Uploads" });
            foreach (var photo in Photos)
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = $"Upload of {photo}" }))
                    .ToHaveAttributeAsync("value", "100");
                await Assertions.Expect(uploads.GetByRole(AriaRole.Listitem).Filter(new() { HasText = photo })).ToContainTextAsync("ready");
            }

            (await page.EvaluateAsync<bool>("window.notReloaded === true")).ShouldBeTrue();
            var grid = page.GetByRole(AriaRole.List, new() { Name = "Files" });
            await Assertions.Expect(grid.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(Photos.Length);
            foreach (var photo in Photos)
            {
                var thumbnail = grid.GetByRole(AriaRole.Img, new() { Name = photo });
                await thumbnail.ScrollIntoViewIfNeededAsync(); // loaded lazily
                await Assertions.Expect(thumbnail).Not.ToHaveJSPropertyAsync("naturalWidth", 0);
            }
            await browser.ShotAsync("files-grid");

            // The file's page: the original and its variant side by side, the variant as wide as the preset says.
            var original = TestImages.Inspect(await File.ReadAllBytesAsync(PhotoPath("photo.jpg")));
            var variantHeight = (int)Math.Round(300.0 * original.Height / original.Width);
            await grid.GetByRole(AriaRole.Link, new() { Name = "photo.jpg" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "photo.jpg" })).ToBeVisibleAsync();
            var originalFigure = Figure(page, "Original");
            await Assertions.Expect(originalFigure).ToContainTextAsync($"{original.Width} × {original.Height}");
            var variantFigure = Figure(page, "web");
            await Assertions.Expect(variantFigure).ToContainTextAsync($"300 × {variantHeight}");
            await Assertions.Expect(variantFigure).ToContainTextAsync("webp");
            await Assertions.Expect(variantFigure).ToContainTextAsync("smaller");
            await Assertions.Expect(variantFigure.GetByRole(AriaRole.Img)).ToHaveJSPropertyAsync("naturalWidth", 300);
            await Assertions.Expect(originalFigure.GetByRole(AriaRole.Img)).ToHaveJSPropertyAsync("naturalWidth", original.Width);
            await browser.ShotAsync("files-file");

            var download = await page.RunAndWaitForDownloadAsync(() => variantFigure.GetByRole(AriaRole.Link, new() { Name = "Download web" }).ClickAsync());
            download.SuggestedFilename.ShouldBe("photo-web.webp");

            // Delete hides it, restore brings it back, delete permanently (confirmed) removes it.
            var fileId = Regex.Match(page.Url, "/files/([0-9a-f-]{36})").Groups[1].Value;
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByText("This file is deleted")).ToBeVisibleAsync();
            (await api.GetAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
            await Assertions.Expect(page.GetByText("This file is deleted")).ToBeHiddenAsync();
            (await api.GetAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete permanently…" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete permanently" }).ClickAsync();
            await Assertions.Expect(page.GetByText("were deleted permanently")).ToBeVisibleAsync();
            (await api.GetAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        });
        browser.ShouldHaveNoErrors();
    }

    private static string PhotoPath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>The figure of the original or of one variant on a file's page, by its heading.</summary>
    private static ILocator Figure(IPage page, string heading) =>
        page.Locator("figure").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true }) });

    /// <summary>The API as the signed-up user in their project (the Presets tab is not this test's subject).</summary>
    private async Task<HttpClient> SignedInApiAsync(string email, Guid projectId)
    {
        var api = system.Host.App.CreateHttpClient("api");
        var login = await api.PostAsJsonAsync("/v1/auth/login", new { email, password = ConsoleBrowser.Password });
        var tokens = JsonNode.Parse(await login.Content.ReadAsStringAsync())!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        api.DefaultRequestHeaders.Add("PixelFlow-Project", projectId.ToString());
        return api;
    }
}
