using System.Threading.Channels;

namespace PixelFlow.Api.Outbox;

/// <summary>
/// The loop shared by the dispatchers that drain a Postgres table (outbox, webhook deliveries): run a round; after a
/// full batch run the next at once (a backlog); otherwise wait for a wake-up or the poll interval. A failed round is
/// logged and retried; the loop ends only when the service stops.
/// </summary>
public abstract class PollingDispatcher(WakeUpSignal signal, ILogger logger) : BackgroundService
{
    protected abstract int BatchSize { get; }

    protected virtual TimeSpan PollInterval => TimeSpan.FromSeconds(1);

    /// <summary>One round; returns how many rows it took.</summary>
    protected internal abstract Task<int> DispatchRoundAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            try
            {
                taken = await DispatchRoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "{Dispatcher} round failed; retrying", GetType().Name);
            }

            if (taken == BatchSize)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Ending by cancellation, not an exception: a host treats a faulted background service as fatal
                // unless the host itself is stopping, and a dispatcher may be stopped on its own.
                return;
            }
        }
    }
}
