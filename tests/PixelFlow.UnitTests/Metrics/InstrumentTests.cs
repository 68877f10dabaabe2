using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.Telemetry;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Worker.Telemetry;
using Shouldly;

namespace PixelFlow.Tests.Metrics;

/// <summary>
/// What the API's and the worker's instruments record for each event, read from a container of their own with
/// <see cref="MetricCollector{T}"/> (scoped to that container's <see cref="IMeterFactory"/>, so nothing else in the
/// process is counted).
/// </summary>
public sealed class InstrumentTests
{
    [Fact]
    public async Task FinishedJobsCountByOutcomeWithBytesSavedAndErrorCode()
    {
        await using var services = new ServiceCollection().AddMetrics().AddSingleton<ApiMetrics>().BuildServiceProvider();
        using var succeeded = Collect<long>(services, ApiMetrics.MeterName, "pixelflow.jobs.succeeded");
        using var saved = Collect<long>(services, ApiMetrics.MeterName, "pixelflow.bytes.saved");
        using var failed = Collect<long>(services, ApiMetrics.MeterName, "pixelflow.jobs.failed");
        using var canceled = Collect<long>(services, ApiMetrics.MeterName, "pixelflow.jobs.canceled");
        using var started = Collect<long>(services, ApiMetrics.MeterName, "pixelflow.jobs.started");
        var handler = new JobMetricsHandler(services.GetRequiredService<ApiMetrics>(), TimeProvider.System);

        await handler.OnChangedAsync(Change(JobStatus.Succeeded, new JobUsage(1000, 5000, 1200, 40)), default);
        await handler.OnChangedAsync(Change(JobStatus.Succeeded, new JobUsage(1000, 800, 900, 40)), default);
        await handler.OnChangedAsync(Change(JobStatus.Failed, new JobUsage(0, 5000, 0, 3), JobErrorCodes.UnsupportedFormat), default);
        await handler.OnChangedAsync(Change(JobStatus.Canceled), default);
        await handler.OnChangedAsync(Change(JobStatus.Processing), default);

        Sum(succeeded).ShouldBe(2);
        // A larger output saves nothing (never negative), and a failed job's source is not a saving.
        Sum(saved).ShouldBe(3800);
        failed.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags["error.code"].ShouldBe(JobErrorCodes.UnsupportedFormat);
        Sum(canceled).ShouldBe(1);
        Sum(started).ShouldBe(0);
    }

    [Fact]
    public void WorkerHistogramsRecordSecondsTaggedWithTheOutputFormat()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<WorkerMetrics>().BuildServiceProvider();
        using var outputDuration = Collect<double>(services, WorkerMetrics.MeterName, "pixelflow.output.processing.duration");
        using var phases = Collect<double>(services, WorkerMetrics.MeterName, JobPhases.InstrumentName);
        var metrics = services.GetRequiredService<WorkerMetrics>();
        var queuedAt = DateTimeOffset.UtcNow;

        metrics.OutputProcessed("webp", TimeSpan.FromMilliseconds(250));
        metrics.JobDequeued(queuedAt, queuedAt.AddSeconds(1.5));
        metrics.JobDequeued(queuedAt, queuedAt.AddSeconds(-1));

        var duration = outputDuration.GetMeasurementSnapshot().ShouldHaveSingleItem();
        (duration.Value, duration.Tags["format"]).ShouldBe((0.25, (object?)"webp"));
        phases.GetMeasurementSnapshot().Where(m => Equals(m.Tags["phase"], JobPhases.Queued)).Select(m => m.Value).ShouldBe([1.5, 0]);
    }

    [Fact]
    public void AJobsPhasesAreRecordedOnceEachWithPerOutputPhasesSummed()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<WorkerMetrics>().BuildServiceProvider();
        using var recorded = Collect<double>(services, WorkerMetrics.MeterName, JobPhases.InstrumentName);
        using var span = new System.Diagnostics.Activity("consume").Start();
        var phases = new JobPhases(services.GetRequiredService<WorkerMetrics>(), span);

        phases.Ended(JobPhases.FetchSource);
        phases.Ended(JobPhases.Render);
        phases.Ended(JobPhases.Store);
        phases.Ended(JobPhases.Render);
        phases.Ended(JobPhases.Store);
        phases.Complete();

        recorded.GetMeasurementSnapshot().Select(m => (string)m.Tags["phase"]!)
            .ShouldBe([JobPhases.FetchSource, JobPhases.Render, JobPhases.Store], ignoreOrder: true);
        span.GetTagItem("pixelflow.phase.render_ms").ShouldBeOfType<double>().ShouldBeGreaterThanOrEqualTo(0);
    }

    private static MetricCollector<T> Collect<T>(IServiceProvider services, string meter, string instrument) where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), meter, instrument);

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(measurement => measurement.Value);

    private static JobChange Change(JobStatus status, JobUsage? usage = null, string? errorCode = null) =>
        new(new Job
        {
            Id = Guid.NewGuid(),
            ProjectId = Guid.NewGuid(),
            SourceType = "s3_presigned",
            SourceKey = "source",
        }.MovedTo(status, DateTimeOffset.UtcNow, errorCode), JobEventTypes.ForStatus(status), JobStatus.Processing, Usage: usage);
}
