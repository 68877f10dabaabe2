using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PixelFlow.Api.Telemetry;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Worker.Telemetry;
using Shouldly;

namespace PixelFlow.Tests.Metrics;

/// <summary>
/// The API's lifecycle counters and the worker's histograms as the real services record them, read in-process with
/// <see cref="MetricCollector{T}"/>. What each event records is pinned by the unit tests (InstrumentTests).
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class MetricsTests(ServersFixture servers)
{
    /// <summary>The requests go to an API instance of this test's own, so jobs other tests create meanwhile are not counted.</summary>
    [Fact]
    public async Task CreatingAndStartingAJobCountsOnceEvenWhenTheCreateIsReplayed()
    {
        await using var api = new ApiInstance(servers);
        using var created = api.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.jobs.created");
        using var started = api.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.jobs.started");
        var project = await servers.CreateProjectAsync();
        using var client = api.CreateClient(project);
        var key = Guid.NewGuid().ToString("N");

        var first = await CreateWithIdempotencyKeyAsync(client, key);
        var replayed = await CreateWithIdempotencyKeyAsync(client, key);
        replayed.Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
        var job = (await first.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        await servers.Storage.UploadAsync(job, TestImages.Photo);
        var start = await client.PostAsync($"/v1/jobs/{job["job_id"]}/start", null);

        start.IsSuccessStatusCode.ShouldBeTrue();
        created.Sum().ShouldBe(1);
        started.Sum().ShouldBe(1);
    }

    /// <summary>
    /// The worker's instruments fire from the real consumer. Another process's worker on the same broker may take
    /// the job, so several jobs are run until one lands on the in-process worker (normally the first). Both
    /// instruments are waited for: a parallel test's job can record a queue wait here while this test's own job ran
    /// elsewhere.
    /// </summary>
    [Fact]
    public async Task TheWorkerRecordsQueueWaitAndOutputDurationWhileProcessing()
    {
        using var phases = servers.Worker.Services.Collect<double>(WorkerMetrics.MeterName, JobPhases.InstrumentName);
        using var outputs = servers.Worker.Services.Collect<double>(WorkerMetrics.MeterName, "pixelflow.output.processing.duration");
        var project = await servers.CreateProjectAsync();

        for (var attempt = 0; attempt < 5 && (!phases.GetMeasurementSnapshot().Any(m => Equals(m.Tags["phase"], JobPhases.Queued)) ||
                 !outputs.GetMeasurementSnapshot().Any(m => Equals(m.Tags["format"], "webp"))); attempt++)
        {
            await project.RunJobAsync(servers.Storage, TestImages.Photo);
        }

        phases.GetMeasurementSnapshot().ShouldAllBe(m => m.Value >= 0 && m.Value < 60);
        phases.GetMeasurementSnapshot().Select(m => m.Tags["phase"]).ShouldContain(JobPhases.Render);
        outputs.GetMeasurementSnapshot().ShouldContain(m => Equals(m.Tags["format"], "webp") && m.Value > 0);
    }

    private static Task<HttpResponseMessage> CreateWithIdempotencyKeyAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = new StringContent($$"""{"source_type":"s3_presigned","pipeline":{{JobClient.ThumbSmallPipeline}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
