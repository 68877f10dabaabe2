using PixelFlow.Imaging.Native;

namespace PixelFlow.Worker;

/// <summary>
/// Says once, at start, whether large native buffers get transparent huge pages (see <see cref="NativeHeap"/>), and
/// warns on glibc when they do not, naming the setting that turns them on.
/// </summary>
public sealed class HugePagesNotice(ILogger<HugePagesNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (NativeHeap.HugePagesForLargeBuffers)
        {
            logger.LogInformation("Large native buffers use transparent huge pages");
        }
        else if (NativeHeap.IsGlibc)
        {
            logger.LogWarning("Large native buffers use 4 KiB pages: start the worker with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 " +
                              "for fewer page faults on progressive JPEGs");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
