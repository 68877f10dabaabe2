using PixelFlow.Imaging;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Worker;

/// <summary>
/// Loads libvips when the worker starts, by resolving the process's one <see cref="ImageProcessor"/>: a libvips build
/// that cannot load stops the start instead of failing the first job.
/// </summary>
public sealed class LibvipsLoader(IServiceProvider services, ILogger<LibvipsLoader> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ImageProcessor>();
        logger.LogInformation("libvips {Version} ({Build} build) loaded", Libvips.Version, Libvips.Build);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
