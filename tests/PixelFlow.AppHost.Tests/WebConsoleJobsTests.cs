using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.AppHost.Tests;

/// <summary>
/// The console's Jobs and Usage tabs in a real browser against the AppHost: a job an API key creates elsewhere shows
/// up and finishes on the open Jobs tab without a reload, its page tells its story, and the day's usage counts it.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class WebConsoleJobsTests(AppHostFixture system)
{
    [Fact]
    public async Task AJobAnApiKeyCreatesAppearsLiveOnTheJobsTabRunsToSucceededAndCountsInTodaysUsage()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(system);
        await browser.RunAsync(async page =>
        {
            await browser.SignUpAsync();
            await browser.CreateProjectAsync("Live jobs");
            var key = await browser.CreateApiKeyAsync("backend");

            await browser.OpenTabAsync("Jobs");
            await Assertions.Expect(page.GetByText("No jobs yet")).ToBeVisibleAsync();
            // Live: the API has accepted the page's event stream, so the job below cannot slip past it.
            await Assertions.Expect(page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();
            await page.EvaluateAsync("window.pixelflowSamePage = true");

            // A server elsewhere creates a job with the key, as curl would: a photo uploaded and processed in one request.
            using var api = system.Host.App.CreateHttpClient("api");
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            // A webhook to an address that refuses it: the job gets a delivery with failed attempts to show and replay.
            var refusingReceiver = new Uri(system.Host.App.GetEndpoint("api", "http"), "/no-webhook-receiver-here").ToString();
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(TestImages.Photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "photo.jpg" },
                { new StringContent("300"), "width" },
                { new StringContent("webp"), "format" },
                { new StringContent(refusingReceiver), "webhook_url" },
            };
            var response = await api.PostAsync("/v1/jobs", form);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
            var jobId = JsonNode.Parse(body)!["job_id"]!.GetValue<string>();

            var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = $"Job {jobId}" }) });
            await Assertions.Expect(row).ToBeVisibleAsync();
            await Assertions.Expect(row).ToContainTextAsync("succeeded", new() { Timeout = 120_000 });
            (await page.EvaluateAsync<bool>("window.pixelflowSamePage === true")).ShouldBeTrue("the Jobs tab was reloaded");
            await browser.ShotAsync("jobs-list");

            await row.GetByRole(AriaRole.Link).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Timeline" })).ToContainTextAsync("job.succeeded");
            await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Operations of image" })).ToContainTextAsync("resize");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download image" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("300 × 200", new() { Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Output image: webp, 300 × 200" })).ToBeVisibleAsync();
            var delivery = page.GetByRole(AriaRole.Article, new() { Name = "Delivery of job.succeeded" });
            await Assertions.Expect(delivery).ToBeVisibleAsync();
            await delivery.GetByRole(AriaRole.Button, new() { Name = "Replay the job.succeeded delivery" }).ClickAsync();
            await Assertions.Expect(page.GetByText("delivery is queued again")).ToBeVisibleAsync();
            await browser.ShotAsync("jobs-job");

            await browser.OpenTabAsync("Usage");
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var jobsPerDay = page.GetByRole(AriaRole.Table, new() { Name = "Jobs per day" });
            await Assertions.Expect(jobsPerDay.Locator($"tr:has(th:text-is('{today}')) td")).ToHaveTextAsync("1");
            await Assertions.Expect(page.Locator($"rect[aria-label='{today} · Jobs: 1']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByRole(AriaRole.Meter, new() { Name = "Pixels processed this month" })).ToBeVisibleAsync();
            await browser.ShotAsync("jobs-usage");
        });
        browser.ShouldHaveNoErrors();
    }
}
