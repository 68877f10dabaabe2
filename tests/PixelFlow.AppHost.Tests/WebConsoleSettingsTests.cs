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
/// The console's presets, members, settings and billing pages in a real browser against the AppHost: the form is
/// checked by the API, whose message lands beside the field it names; the settings an owner changes take effect.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class WebConsoleSettingsTests(AppHostFixture system)
{
    private static readonly TimeSpan FileReady = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnOwnerAddsAPresetAfterTheApiNamesTheBadFieldAndPreviewsItOnAFile()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(system);
        await browser.RunAsync(async page =>
        {
            var email = await browser.SignUpAsync();
            var projectId = await CreateProjectAsync(page, "Catalogue");
            // A file uploaded before the preset exists: its variant of the preset is made on request, by the preview.
            using var api = await SignedInAsync(email);
            await UploadPhotoAsync(api, projectId);

            await OpenTabAsync(page, projectId, "presets", "Catalogue");
            await Assertions.Expect(page.GetByText("No presets yet")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New preset" }).ClickAsync();
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("thumb");
            await page.Locator("#step-0-width").FillAsync("20000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save preset" }).ClickAsync();

            // The API's rule, under the field it names (pipeline paths mapped to the form's inputs).
            await Assertions.Expect(page.Locator("#step-0-width-error")).ToHaveTextAsync("Must be between 1 and 10000.");
            await Assertions.Expect(page.Locator("#step-0-width")).ToHaveAttributeAsync("aria-invalid", "true");
            await browser.ShotAsync("settings-preset-error");

            await page.Locator("#step-0-width").FillAsync("150");
            await page.Locator("#step-0-height").FillAsync("150");
            await page.Locator("#step-0-fit").SelectOptionAsync("cover");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save preset" }).ClickAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "thumb" });
            await Assertions.Expect(row).ToContainTextAsync("resize width=150 height=150 fit=cover → webp");

            // The preview asks for the file's variant, follows its job live and shows what the API made.
            await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            var preview = page.GetByRole(AriaRole.Img, new() { Name = "Preset thumb applied to photo.jpg" });
            await Assertions.Expect(preview).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("figcaption")).ToContainTextAsync("150×150 webp");
            (await preview.EvaluateAsync<int>("image => image.complete ? image.naturalWidth : 0")).ShouldBe(150);
            await browser.ShotAsync("settings-presets");
        });
        browser.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task AnOwnerInvitesAndRemovesAMemberButNotTheLastOwnerAndRotatesTheWebhookSecret()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(system);
        await browser.RunAsync(async page =>
        {
            var owner = await browser.SignUpAsync();
            var projectId = await CreateProjectAsync(page, "Team");
            var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
            using (var anonymous = system.Host.App.CreateHttpClient("api"))
                (await anonymous.PostAsJsonAsync("/v1/auth/register", new { email = colleague, password = ConsoleBrowser.Password })).EnsureSuccessStatusCode();

            await OpenTabAsync(page, projectId, "members", "Team");
            await page.GetByLabel("Email").FillAsync($"nobody-{Guid.NewGuid():N}@example.com");
            await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
            await Assertions.Expect(page.Locator("#invite-email-error")).ToContainTextAsync("No user registered");
            await page.GetByLabel("Email").FillAsync(colleague);
            await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = colleague })).ToContainTextAsync("member");
            await browser.ShotAsync("settings-members");

            await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {colleague}" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = colleague, Exact = true })).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {owner}" }).ClickAsync();
            var lastOwner = page.Locator(".toast", new() { HasText = "A project keeps at least one owner" });
            await Assertions.Expect(lastOwner).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = owner, Exact = true })).ToBeVisibleAsync();
            await lastOwner.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();

            await browser.OpenTabAsync("Settings");
            var secret = page.Locator("#webhook-secret");
            await Assertions.Expect(secret).ToContainTextAsync("••••");
            await page.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
            await Assertions.Expect(secret).ToHaveTextAsync(WebhookSecret());
            var before = (await secret.TextContentAsync())!;
            await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
            await Assertions.Expect(secret).Not.ToHaveTextAsync(before);
            await Assertions.Expect(secret).ToHaveTextAsync(WebhookSecret());
            await Assertions.Expect(page.GetByText("also carries a signature made with the previous secret")).ToBeVisibleAsync();

            await page.GetByLabel("Capacity").FillAsync("5000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save rate limit" }).ClickAsync();
            await Assertions.Expect(page.Locator("#rate-capacity-error")).ToContainTextAsync("Must be between 1 and");
            await page.GetByLabel("Capacity").FillAsync("60");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save rate limit" }).ClickAsync();
            await Assertions.Expect(page.Locator("#rate-capacity-error")).ToHaveCountAsync(0);

            await page.GetByLabel("Webhook URL").FillAsync("https://hooks.example.com/pixelflow");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save URL" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Jobs now deliver to https://hooks.example.com/pixelflow")).ToBeVisibleAsync();
            await browser.ShotAsync("settings-settings");

            // Saved: a reload reads them back from the API.
            await page.ReloadAsync();
            await Assertions.Expect(page.GetByLabel("Webhook URL")).ToHaveValueAsync("https://hooks.example.com/pixelflow");
            await Assertions.Expect(page.GetByLabel("Capacity")).ToHaveValueAsync("60");
        });
        browser.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task WithoutStripeTheBillingPageShowsThePlanAndSaysHowPlansAreAssigned()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(system);
        await browser.RunAsync(async page =>
        {
            await browser.SignUpAsync();
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your plan: free" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing is disabled on this deployment" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("The operator assigns them")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Upgrade to pro" })).ToHaveCountAsync(0);
            await browser.ShotAsync("settings-billing");
        });
        browser.ShouldHaveNoErrors();
    }

    /// <summary>
    /// Creates a project on the projects page; its id from the link to it. The tabs are then opened by address, so
    /// these tests do not depend on the page a project opens on.
    /// </summary>
    private static async Task<Guid> CreateProjectAsync(IPage page, string name)
    {
        await page.GetByLabel("New project").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = name });
        await Assertions.Expect(link).ToBeVisibleAsync();
        return Guid.Parse(ProjectPath().Match(await link.GetAttributeAsync("href") ?? "").Groups["id"].Value);
    }

    private static async Task OpenTabAsync(IPage page, Guid projectId, string tab, string projectName)
    {
        await page.GotoAsync($"/projects/{projectId}/{tab}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = projectName, Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>A client of the API signed in as the console's user (the same account, over HTTP).</summary>
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var api = system.Host.App.CreateHttpClient("api");
        var login = await api.PostAsJsonAsync("/v1/auth/login", new { email, password = ConsoleBrowser.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }

    /// <summary>Uploads the test photo to the project and waits until it is ready.</summary>
    private static async Task UploadPhotoAsync(HttpClient api, Guid projectId)
    {
        using var form = new MultipartFormDataContent();
        var photo = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "photo.jpg")));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "file", "photo.jpg");
        var uploaded = await api.PostAsync($"/v1/projects/{projectId}/files", form);
        uploaded.EnsureSuccessStatusCode();
        var fileId = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await Poll.UntilAsync(async () => (await api.GetFromJsonAsync<JsonObject>($"/v1/files/{fileId}"))!["status"]!.GetValue<string>(),
            status => status == "ready", FileReady, status => $"the file is {status}");
    }

    [GeneratedRegex("/projects/(?<id>[0-9a-f-]{36})")]
    private static partial Regex ProjectPath();

    [GeneratedRegex("^whsec_[A-Za-z0-9+/=]+$")]
    private static partial Regex WebhookSecret();
}
