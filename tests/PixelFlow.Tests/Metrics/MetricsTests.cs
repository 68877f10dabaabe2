using PixelFlow.Api.Telemetry;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Worker.Telemetry;
using Shouldly;

namespace PixelFlow.Tests.Metrics;

[Collection(ServersCollection.Name)]
public sealed class MetricsTests(ServersFixture servers)
{
    [Fact]
    public async Task JobLifecycleCountersAndWorkerHistogramsAreEmitted()
    {
        using var api = new MetricRecorder(servers.Api.Services, ApiMetrics.MeterName);
        using var worker = new MetricRecorder(servers.Worker.Services, WorkerMetrics.MeterName);
        var project = await servers.CreateProjectAsync();

        var succeeded = await project.RunJobAsync(servers.Storage, TestImages.Photo);
        var failed = await project.RunJobAsync(servers.Storage, "not an image"u8.ToArray());

        succeeded["status"]!.GetValue<string>().ShouldBe("succeeded");
        failed["status"]!.GetValue<string>().ShouldBe("failed");
        // At least: jobs of earlier tests may still finish while this one runs.
        api.Sum("pixelflow.jobs.created").ShouldBeGreaterThanOrEqualTo(2);
        api.Sum("pixelflow.jobs.started").ShouldBeGreaterThanOrEqualTo(2);
        api.Sum("pixelflow.jobs.succeeded").ShouldBeGreaterThanOrEqualTo(1);
        api.Of("pixelflow.jobs.failed").ShouldContain(m => Equals(m.Tags["error.code"], "unsupported_format"));
        var output = succeeded["outputs"]!.AsArray().ShouldHaveSingleItem()!;
        api.Sum("pixelflow.bytes.saved").ShouldBeGreaterThanOrEqualTo(TestImages.Photo.Length - output["bytes"]!.GetValue<long>());

        var durations = worker.Of("pixelflow.output.processing.duration");
        durations.ShouldContain(m => Equals(m.Tags["format"], "webp") && m.Value > 0);
        var waits = worker.Of("pixelflow.job.queue_wait");
        waits.Count.ShouldBeGreaterThanOrEqualTo(2);
        waits.ShouldAllBe(m => m.Value >= 0 && m.Value < 60);
    }
}
