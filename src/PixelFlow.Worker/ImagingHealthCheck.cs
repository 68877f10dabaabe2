using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixelFlow.Imaging;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Worker;

/// <summary>
/// Loads libvips when the worker starts (a libvips build that cannot load stops the start instead of failing the
/// first job), says once whether large native buffers get huge pages (see <see cref="NativeHeap"/>), and reports
/// the loaded version and memory in <c>/health</c>.
/// </summary>
public sealed class ImagingHealthCheck(ImageProcessor processor, ILogger<ImagingHealthCheck> logger) : IHealthCheck, IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(processor);
        if (NativeHeap.HugePagesForLargeBuffers)
            logger.LogInformation("libvips {Version} ({Build} build); large native buffers use transparent huge pages", Libvips.Version, Libvips.Build);
        else if (NativeHeap.IsGlibc)
            logger.LogWarning("libvips {Version} ({Build} build); large native buffers use 4 KiB pages: start the worker with " +
                "GLIBC_TUNABLES=glibc.malloc.hugetlb=1 for fewer page faults on progressive JPEGs", Libvips.Version, Libvips.Build);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            $"libvips {Libvips.Version} ({Libvips.Build} build), {Libvips.TrackedMemory / (1024 * 1024)} MB tracked, " +
            $"huge pages for large buffers {(NativeHeap.HugePagesForLargeBuffers ? "on" : "off")}"));
}
