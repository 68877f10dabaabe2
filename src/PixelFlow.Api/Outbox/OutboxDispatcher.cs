using System.Diagnostics;
using System.Text.Json;
using MassTransit;

namespace PixelFlow.Api.Outbox;

/// <summary>
/// Sends what the outbox holds. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several API instances
/// share the work without sending a row twice; a row leaves the table only after the broker accepted it.
/// While the broker is down rows stay, retried with backoff, and go out when it is back.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxWriter outbox,
    TimeProvider clock,
    Telemetry.ApiMetrics metrics,
    ILogger<OutboxDispatcher> logger) : PollingDispatcher(outbox, logger)
{
    private static readonly ActivitySource Tracing = new("PixelFlow.Api.Outbox");
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    protected override int BatchSize => 50;

    protected internal override async Task<int> DispatchRoundAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var sendEndpoints = scope.ServiceProvider.GetRequiredService<ISendEndpointProvider>();

        await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
        var now = clock.GetUtcNow();
        var batch = await db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE next_attempt_at <= {now} ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(stoppingToken);
        var sent = 0;
        foreach (var message in batch)
        {
            try
            {
                await SendAsync(sendEndpoints, message, stoppingToken);
                db.OutboxMessages.Remove(message);
                sent++;
                metrics.PhaseCompleted(Telemetry.ApiMetrics.DispatchPhase, clock.GetUtcNow() - message.CreatedAt);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                message.NextAttemptAt = now + Backoff(message.Attempts);
                logger.LogWarning("Outbox message {MessageId} not sent (attempt {Attempt}): {Error}",
                    message.MessageId, message.Attempts, e.Message);
                // The broker is likely down: leave the rest of the batch for the next round.
                break;
            }
        }

        await db.SaveChangesAsync(stoppingToken);
        await transaction.CommitAsync(stoppingToken);
        return sent;
    }

    private static async Task SendAsync(ISendEndpointProvider sendEndpoints, OutboxMessage message, CancellationToken stoppingToken)
    {
        // Continue the trace of the request that saved the message.
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = Tracing.StartActivity("outbox send", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(SendTimeout);
        var endpoint = await sendEndpoints.GetSendEndpoint(new Uri($"queue:{message.Destination}"));
        await endpoint.Send(OutboxWriter.Deserialize(message), context => context.MessageId = message.MessageId, timeout.Token);
    }

    /// <summary>1 s, 2 s, 4 s … capped at 30 s: a broker outage is retried promptly once it ends.</summary>
    internal static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(attempts - 1, 5))));
}
