using System.Threading.Channels;

namespace PixelFlow.Api.Webhooks;

/// <summary>
/// Wakes this instance's <see cref="WebhookDispatcher"/> when it queued a delivery, so the first attempt goes out
/// at once instead of at the next poll. Signals coalesce: one pending wake-up covers any number of deliveries.
/// </summary>
public sealed class WebhookDispatchSignal
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
            // Poll interval elapsed: look for due retries and work queued by other instances.
        }
    }
}
