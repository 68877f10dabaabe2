using Microsoft.Extensions.Diagnostics.HealthChecks;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Worker;

/// <summary>Reports the loaded libvips, its tracked memory and whether large buffers get huge pages in <c>/health</c>.</summary>
public sealed class ImagingHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            $"libvips {Libvips.Version} ({Libvips.Build} build), {Libvips.TrackedMemory / (1024 * 1024)} MB tracked, " +
            $"huge pages for large buffers {(NativeHeap.HugePagesForLargeBuffers ? "on" : "off")}"));
}
