namespace PixelFlow.Api.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The <c>PixelFlow.Api</c> meter and the job-change handler that feeds its lifecycle counters.</summary>
    public static IHostApplicationBuilder AddApiMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddSingleton<IJobChangeHandler, JobMetricsHandler>();
        return builder;
    }
}
