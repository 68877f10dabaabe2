using System.Threading.Channels;

namespace PixelFlow.Api.Outbox;

/// <summary>
/// A coalescing wake-up for a <see cref="PollingDispatcher"/>: whoever queued work in this instance signals, and the
/// dispatcher runs at once instead of at its next poll. One pending wake-up covers any number of signals.
/// </summary>
public class WakeUpSignal
{
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Signal() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Returns when signalled or after <paramref name="pollInterval"/>, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan pollInterval, CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(pollInterval);
        try
        {
            await _wakeUps.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Poll interval elapsed: look for work that came due or was queued by other instances.
        }
    }
}
