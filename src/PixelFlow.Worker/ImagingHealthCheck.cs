using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixelFlow.Imaging;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Worker;

/// <summary>
/// Loads libvips when the worker starts (a wrong <c>Imaging:LibraryPath</c> stops the start instead of failing the
/// first job) and reports the loaded version and memory in <c>/health</c>.
/// </summary>
public sealed class ImagingHealthCheck(ImageProcessor processor) : IHealthCheck, IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(processor);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            $"libvips {VipsLibrary.Version} from {VipsLibrary.LibraryPath}, {VipsLibrary.TrackedMemory / (1024 * 1024)} MB tracked"));
}
