using System.Net.Http.Headers;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.AppHost.Tests;

/// <summary>
/// The web console in a real browser (Debian's Chromium through Playwright) against the AppHost's processes: what a
/// newcomer does first, and that the console is enough to get a working API key. Screenshots of the pages go to
/// TestResults/screenshots (desktop and phone width).
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class WebConsoleTests(AppHostFixture system) : IAsyncLifetime
{
    private static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        // Sign-up hashes with Argon2id and the first page of a circuit compiles its components: on a busy CI machine
        // that is seconds, not Playwright's default 5.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // The distribution's browser (apt install chromium): Playwright's own download needs the internet.
            ExecutablePath = Environment.GetEnvironmentVariable("PIXELFLOW_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task ANewUserSignsUpCreatesAProjectAndAnApiKeyThatCreatesAJob()
    {
        try
        {
            await SignUpCreateAProjectAndAKeyAndUseItAsync();
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{e.Message}\nThe console's last log lines:\n{await system.Host.LastLogLinesAsync("web")}", e);
        }
    }

    private async Task SignUpCreateAProjectAndAKeyAndUseItAsync()
    {
        var web = system.Host.App.GetEndpoint("web", "http");
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        // Which address a failed load was (the console message does not say).
        page.Response += (_, response) => { if (response.Status >= 400) consoleErrors.Add($"{response.Status} {response.Url}"); };
        var email = $"newcomer-{Guid.NewGuid():N}@example.com";

        // A signed-out visitor is sent to sign in, and from there to sign up.
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create an account" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("short");
        await Shot(page, "signup");
        // The browser's own check (minlength) and then the API's rule: a short password is refused with the rule stated.
        await page.EvaluateAsync("document.getElementById('password').removeAttribute('minlength')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("12");

        await page.GetByLabel("Password").FillAsync("correct horse battery staple");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No projects yet")).ToBeVisibleAsync();

        await page.GetByLabel("New project").FillAsync("Storefront");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Storefront" })).ToBeVisibleAsync();
        await Shot(page, "projects");

        await page.GetByRole(AriaRole.Link, new() { Name = "Storefront" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Storefront" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Project" }).GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByLabel("Key name").FillAsync("ci");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.Locator("#new-key").TextContentAsync())!.Trim();
        key.ShouldStartWith("pf_");
        await Shot(page, "project-keys");

        // The key the console showed works against the API, as curl would use it.
        using var api = system.Host.App.CreateHttpClient("api");
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var created = await api.CreateJobAsync();
        created["job_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        // Sign-out ends the session: the console asks to sign in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));

        consoleErrors.ShouldBeEmpty();
    }

    /// <summary>A full-page screenshot at desktop width, and the same page at a phone's 375 px.</summary>
    private static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-desktop.png"), FullPage = true });
        var desktop = page.ViewportSize!;
        await page.SetViewportSizeAsync(375, 740);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
    }
}
