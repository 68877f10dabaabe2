using System.Net;
using PixelFlow.Api.RateLimiting;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Worker;
using Shouldly;

namespace PixelFlow.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> on the API and the worker, as a Prometheus server scrapes it. The test hosts share one process, so
/// every host's exporter listens to every <c>PixelFlow.*</c> meter in it, and a stream that several same-named meters
/// feed ends in all of them once one of those meters is disposed (another test's host or recorder). Scrapes therefore
/// go to hosts started here, whose streams nothing has ended yet; which host recorded a measurement is
/// <see cref="MetricsTests"/>' concern, not this one's.
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class PrometheusScrapeTests(ServersFixture servers)
{
    [Fact]
    public async Task AfterAJobTheApiAndTheWorkerExposeJobStatusPhaseDurationsAndOutputRenderTime()
    {
        await using var api = new ServersFixture.ServiceFactory<Program>(servers.Activities, new Dictionary<string, string?>());
        await using var worker = new ServersFixture.ServiceFactory<WorkerProgram>(servers.Activities, new Dictionary<string, string?>());
        await ServersFixture.WaitHealthyAsync(api);
        await ServersFixture.WaitHealthyAsync(worker);
        var project = await servers.CreateProjectAsync();

        (await project.RunJobAsync(servers.Storage, TestImages.Photo))["status"]!.GetValue<string>().ShouldBe("succeeded");

        // Counters and histograms appear once they have a measurement; the succeeded count is added just after the
        // commit that the job's poll already sees, so the scrape is read until it has them.
        await ScrapeUntilAsync(api.CreateClient(), "pixelflow_jobs_started_total", "pixelflow_jobs_succeeded_total");
        var scrape = await ScrapeUntilAsync(worker.CreateClient(),
            "pixelflow_job_phase_duration_seconds", "pixelflow_output_processing_duration_seconds");
        foreach (var phase in new[] { "queued", "fetch_source", "decode", "render", "store", "report" })
        {
            scrape.ShouldContain(line => line.StartsWith("pixelflow_job_phase_duration_seconds_count{", StringComparison.Ordinal) &&
                                         line.Contains($"phase=\"{phase}\"", StringComparison.Ordinal));
        }

        scrape.ShouldContain(line => line.StartsWith("pixelflow_output_processing_duration_seconds_count{", StringComparison.Ordinal) &&
                                     line.Contains("format=\"webp\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MetricsNeedNoApiKeyAndAreNotRateLimited()
    {
        var project = await servers.CreateProjectAsync();
        using var anonymous = servers.Api.CreateClient();

        var withoutKey = await anonymous.GetAsync("/metrics");
        var withKey = await project.Client.GetAsync("/metrics");

        withoutKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        withKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        withKey.Headers.Contains(RateLimitingMiddleware.LimitHeader).ShouldBeFalse();
    }

    /// <summary>Scrapes until every family is there (named by its <c># TYPE</c> line); returns the last scrape's lines.</summary>
    private static async Task<string[]> ScrapeUntilAsync(HttpClient client, params string[] families)
    {
        using (client)
        {
            var scrape = await Poll.UntilAsync(async () =>
                {
                    var response = await client.GetAsync("/metrics");
                    var body = await response.Content.ReadAsStringAsync();
                    response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
                    var present = body.Split('\n').Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal))
                        .Select(line => line.Split(' ')[2]).ToHashSet();
                    return (Body: body, Missing: families.Where(family => !present.Contains(family)).ToList());
                },
                scrape => scrape.Missing.Count == 0, TimeSpan.FromSeconds(30),
                scrape => $"/metrics never showed {string.Join(", ", scrape.Missing)}:\n{scrape.Body}", TimeSpan.FromMilliseconds(250));
            return scrape.Body.Split('\n');
        }
    }
}
