using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Shouldly;

namespace PixelFlow.AppHost.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright against the AppHost's web console, as every console test uses it: a page
/// whose console errors and failed loads are collected (a test ends with <see cref="ShouldHaveNoErrors"/>), the
/// sign-up a newcomer does, and screenshots at desktop and phone width in TestResults/screenshots.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";
    private static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly AppHostFixture _system;
    private readonly List<string> _errors = [];

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, AppHostFixture system, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _system = system;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") _errors.Add(message.Text); };
        // Which address a failed load was (the console message does not say).
        page.Response += (_, response) => { if (response.Status >= 400) _errors.Add($"{response.Status} {response.Url}"); };
    }

    public IPage Page { get; }

    public static async Task<ConsoleBrowser> OpenAsync(AppHostFixture system)
    {
        // Sign-up hashes with Argon2id and the first page of a circuit compiles its components: on a busy CI machine
        // that is seconds, not Playwright's default 5.
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // The distribution's browser (apt install chromium): Playwright's own download needs the internet.
            ExecutablePath = Environment.GetEnvironmentVariable("PIXELFLOW_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox"],
        });
        var web = system.Host.App.GetEndpoint("web", "http");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        return new ConsoleBrowser(playwright, browser, system, await context.NewPageAsync());
    }

    /// <summary>Runs a scenario; a failure carries the console's last log lines, which usually say why.</summary>
    public async Task RunAsync(Func<IPage, Task> scenario)
    {
        try
        {
            await scenario(Page);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{e.Message}\nThe console's last log lines:\n{await _system.Host.LastLogLinesAsync("web")}", e);
        }
    }

    /// <summary>Signs up a new user through the sign-up page; ends on the projects page. Returns the email.</summary>
    public async Task<string> SignUpAsync()
    {
        var email = $"newcomer-{Guid.NewGuid():N}@example.com";
        await Page.GotoAsync("/signup");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync();
        return email;
    }

    /// <summary>Creates a project on the projects page and opens it; ends on its first tab.</summary>
    public async Task CreateProjectAsync(string name)
    {
        await Page.GetByLabel("New project").FillAsync(name);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
    }

    /// <summary>Opens one of the project's tabs by its label.</summary>
    public Task OpenTabAsync(string label) =>
        Page.GetByRole(AriaRole.Navigation, new() { Name = "Project" }).GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();

    /// <summary>A full-page screenshot at desktop width, and the same page at a phone's 375 px.</summary>
    public async Task ShotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-desktop.png"), FullPage = true });
        var desktop = Page.ViewportSize!;
        await Page.SetViewportSizeAsync(375, 740);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-phone.png"), FullPage = true });
        await Page.SetViewportSizeAsync(desktop.Width, desktop.Height);
    }

    /// <summary>No console error and no failed load happened on the page.</summary>
    public void ShouldHaveNoErrors() => _errors.ShouldBeEmpty();

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>Creates an API key on the project's API keys tab and returns it as the console showed it (once).</summary>
    public async Task<string> CreateApiKeyAsync(string name)
    {
        await OpenTabAsync("API keys");
        await Page.GetByLabel("Key name").FillAsync(name);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await Page.Locator("#new-key").TextContentAsync())!.Trim();
        key.ShouldStartWith("pf_");
        return key;
    }
}
