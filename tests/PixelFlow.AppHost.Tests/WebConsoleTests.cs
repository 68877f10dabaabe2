using System.Net.Http.Headers;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.AppHost.Tests;

/// <summary>
/// The web console in a real browser (Debian's Chromium through Playwright) against the AppHost's processes: what a
/// newcomer does first, and that the console is enough to get a working API key.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class WebConsoleTests(AppHostFixture system)
{
    [Fact]
    public async Task ANewUserSignsUpCreatesAProjectAndAnApiKeyThatCreatesAJob()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(system);
        await browser.RunAsync(async page =>
        {
            // A signed-out visitor is sent to sign in, and from there to sign up.
            await page.GotoAsync("/");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create an account" })).ToBeVisibleAsync();
            await page.GetByLabel("Email").FillAsync($"newcomer-{Guid.NewGuid():N}@example.com");
            await page.GetByLabel("Password").FillAsync("short");
            await browser.ShotAsync("signup");
            // The browser's own check (minlength) and then the API's rule: a short password is refused with the rule stated.
            await page.EvaluateAsync("document.getElementById('password').removeAttribute('minlength')");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("12");

            await page.GetByLabel("Password").FillAsync(ConsoleBrowser.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("No projects yet")).ToBeVisibleAsync();

            await browser.CreateProjectAsync("Storefront");
            await browser.OpenTabAsync("API keys");
            await page.GetByLabel("Key name").FillAsync("ci");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
            var key = (await page.Locator("#new-key").TextContentAsync())!.Trim();
            key.ShouldStartWith("pf_");
            await browser.ShotAsync("project-keys");

            // The key the console showed works against the API, as curl would use it.
            using var api = system.Host.App.CreateHttpClient("api");
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var created = await api.CreateJobAsync();
            created["job_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

            await page.GotoAsync("/");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Storefront" })).ToBeVisibleAsync();
            await browser.ShotAsync("projects");

            // Sign-out ends the session: the console asks to sign in again.
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
            await page.GotoAsync("/");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        });
        browser.ShouldHaveNoErrors();
    }
}
