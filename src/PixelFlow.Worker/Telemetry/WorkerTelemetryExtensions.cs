using PixelFlow.Worker.Telemetry;

// Registration entry point in the root namespace so Extensions.cs needs no extra using.
namespace PixelFlow.Worker;

public static class WorkerTelemetryExtensions
{
    /// <summary>The <c>PixelFlow.Worker</c> meter.</summary>
    public static IHostApplicationBuilder AddWorkerMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<WorkerMetrics>();
        return builder;
    }
}
