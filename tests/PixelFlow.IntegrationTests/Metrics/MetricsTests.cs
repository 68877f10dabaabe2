using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Model;
using PixelFlow.Api.Services;
using PixelFlow.Api.Telemetry;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Worker.Telemetry;
using Shouldly;

namespace PixelFlow.Tests.Metrics;

/// <summary>
/// The API's lifecycle counters and the worker's histograms, read in-process with a <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class MetricsTests(ServersFixture servers)
{
    [Fact]
    public async Task CreatingAndStartingAJobCountsOnceEvenWhenTheCreateIsReplayed()
    {
        using var api = new MetricRecorder(servers.Api.Services, ApiMetrics.MeterName);
        var project = await servers.CreateProjectAsync();
        var key = Guid.NewGuid().ToString("N");

        var created = await CreateWithIdempotencyKeyAsync(project.Client, key);
        var replayed = await CreateWithIdempotencyKeyAsync(project.Client, key);
        replayed.Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
        var job = (await created.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        await servers.Storage.UploadAsync(job, TestImages.Photo);
        var started = await project.Client.PostAsync($"/v1/jobs/{job["job_id"]}/start", null);

        started.IsSuccessStatusCode.ShouldBeTrue();
        api.Sum("pixelflow.jobs.created").ShouldBe(1);
        api.Sum("pixelflow.jobs.started").ShouldBe(1);
    }

    /// <summary>
    /// Finished-job counters are fed by worker events, which any API instance on the broker may consume: the
    /// handler is driven directly so the assertion does not depend on which instance that is.
    /// </summary>
    [Fact]
    public async Task FinishedJobsCountByOutcomeWithBytesSavedAndErrorCode()
    {
        await using var services = new ServiceCollection().AddMetrics().AddSingleton<ApiMetrics>().BuildServiceProvider();
        using var recorder = new MetricRecorder(services, ApiMetrics.MeterName);
        var handler = new JobMetricsHandler(services.GetRequiredService<ApiMetrics>(), TimeProvider.System);

        await handler.OnChangedAsync(Change(JobStatus.Succeeded, new JobUsage(1000, 5000, 1200, 40)), default);
        await handler.OnChangedAsync(Change(JobStatus.Succeeded, new JobUsage(1000, 800, 900, 40)), default);
        await handler.OnChangedAsync(Change(JobStatus.Failed, new JobUsage(0, 5000, 0, 3), JobErrorCodes.UnsupportedFormat), default);
        await handler.OnChangedAsync(Change(JobStatus.Canceled), default);
        await handler.OnChangedAsync(Change(JobStatus.Processing), default);

        recorder.Sum("pixelflow.jobs.succeeded").ShouldBe(2);
        // A larger output saves nothing (never negative), and a failed job's source is not a saving.
        recorder.Sum("pixelflow.bytes.saved").ShouldBe(3800);
        recorder.Of("pixelflow.jobs.failed").ShouldHaveSingleItem().Tags["error.code"].ShouldBe(JobErrorCodes.UnsupportedFormat);
        recorder.Sum("pixelflow.jobs.canceled").ShouldBe(1);
        recorder.Sum("pixelflow.jobs.started").ShouldBe(0);
    }

    [Fact]
    public void WorkerHistogramsRecordSecondsTaggedWithTheOutputFormat()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<WorkerMetrics>().BuildServiceProvider();
        using var recorder = new MetricRecorder(services, WorkerMetrics.MeterName);
        var metrics = services.GetRequiredService<WorkerMetrics>();
        var queuedAt = DateTimeOffset.UtcNow;

        metrics.OutputProcessed("webp", TimeSpan.FromMilliseconds(250));
        metrics.JobDequeued(queuedAt, queuedAt.AddSeconds(1.5));
        metrics.JobDequeued(queuedAt, queuedAt.AddSeconds(-1));

        var duration = recorder.Of("pixelflow.output.processing.duration").ShouldHaveSingleItem();
        (duration.Value, duration.Tags["format"]).ShouldBe((0.25, (object?)"webp"));
        var queued = recorder.Of(JobPhases.InstrumentName).Where(m => Equals(m.Tags["phase"], JobPhases.Queued));
        queued.Select(m => m.Value).ShouldBe([1.5, 0]);
    }

    [Fact]
    public void AJobsPhasesAreRecordedOnceEachWithPerOutputPhasesSummed()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<WorkerMetrics>().BuildServiceProvider();
        using var recorder = new MetricRecorder(services, WorkerMetrics.MeterName);
        using var span = new System.Diagnostics.Activity("consume").Start();
        var phases = new JobPhases(services.GetRequiredService<WorkerMetrics>(), span);

        phases.Ended(JobPhases.FetchSource);
        phases.Ended(JobPhases.Render);
        phases.Ended(JobPhases.Store);
        phases.Ended(JobPhases.Render);
        phases.Ended(JobPhases.Store);
        phases.Complete();

        recorder.Of(JobPhases.InstrumentName).Select(m => (string)m.Tags["phase"]!)
            .ShouldBe([JobPhases.FetchSource, JobPhases.Render, JobPhases.Store], ignoreOrder: true);
        span.GetTagItem("pixelflow.phase.render_ms").ShouldBeOfType<double>().ShouldBeGreaterThanOrEqualTo(0);
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
        using var worker = new MetricRecorder(servers.Worker.Services, WorkerMetrics.MeterName);
        var project = await servers.CreateProjectAsync();

        for (var attempt = 0; attempt < 5 && (!worker.Of(JobPhases.InstrumentName).Any(m => Equals(m.Tags["phase"], JobPhases.Queued)) ||
                 !worker.Of("pixelflow.output.processing.duration").Any(m => Equals(m.Tags["format"], "webp"))); attempt++)
        {
            await project.RunJobAsync(servers.Storage, TestImages.Photo);
        }

        worker.Of(JobPhases.InstrumentName).ShouldAllBe(m => m.Value >= 0 && m.Value < 60);
        worker.Of(JobPhases.InstrumentName).Select(m => m.Tags["phase"]).ShouldContain(JobPhases.Render);
        worker.Of("pixelflow.output.processing.duration")
            .ShouldContain(m => Equals(m.Tags["format"], "webp") && m.Value > 0);
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

    private static JobChange Change(JobStatus status, JobUsage? usage = null, string? errorCode = null) =>
        new(new Job
        {
            Id = Guid.NewGuid(),
            ProjectId = Guid.NewGuid(),
            Status = status,
            SourceType = "s3_presigned",
            SourceKey = "source",
            ErrorCode = errorCode,
        }, JobEventTypes.ForStatus(status), JobStatus.Processing, Usage: usage);
}
