using System.Diagnostics;
using PixelFlow.Api.Outbox;

namespace PixelFlow.Api.Webhooks;

/// <summary>
/// Sends due webhook deliveries. Every API instance runs one; they share the table without sending a delivery
/// twice at once: a round claims due rows with <c>FOR UPDATE SKIP LOCKED</c> and leases them (moves
/// <c>next_attempt_at</c> past the attempt timeout) in one statement, then sends outside any transaction. An
/// instance that dies mid-send leaves a lease that expires, and another instance retries the delivery
/// (at-least-once: receivers dedupe by <c>webhook-id</c>). Rounds run when this instance queued a delivery
/// (<see cref="WebhookDispatchSignal"/>) and every second, which finds retries that came due and deliveries
/// queued by other instances.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookDispatchSignal signal,
    WebhookSender sender,
    ProjectWebhookSecrets secrets,
    WebhookMetrics metrics,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : PollingDispatcher(signal, logger)
{
    private static readonly ActivitySource Tracing = new("PixelFlow.Api.Webhooks");

    /// <summary>Time beyond the attempt timeout before another instance may take over a claimed delivery.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    protected override int BatchSize => 64;
    private const int MaxErrorLength = 1000;

    /// <summary>Claims due deliveries and attempts each; returns how many were claimed.</summary>
    protected internal override async Task<int> DispatchRoundAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        var lease = TruncateToMicroseconds(now + settings.AttemptTimeout + LeaseMargin);
        List<WebhookDelivery> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            claimed = await db.WebhookDeliveries.FromSql($"""
                    UPDATE webhook_deliveries SET next_attempt_at = {lease}
                    WHERE id IN (SELECT id FROM webhook_deliveries
                                 WHERE status = {WebhookDeliveryStatus.Pending} AND next_attempt_at <= {now}
                                 ORDER BY next_attempt_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
                    RETURNING *
                    """)
                .AsNoTracking()
                .ToListAsync(stoppingToken);
        }

        await Parallel.ForEachAsync(claimed,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentAttempts, CancellationToken = stoppingToken },
            (delivery, token) => new ValueTask(AttemptAsync(delivery, lease, token)));
        return claimed.Count;
    }

    private async Task AttemptAsync(WebhookDelivery delivery, DateTimeOffset lease, CancellationToken stoppingToken)
    {
        using var activity = Tracing.StartActivity("webhook send", ActivityKind.Internal);
        activity?.SetTag("pixelflow.webhook.id", delivery.Id);
        activity?.SetTag("pixelflow.job.id", delivery.JobId);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var signing = await secrets.SigningSecretsAsync(db, delivery.ProjectId, stoppingToken);
        var attemptedAt = clock.GetUtcNow();
        var result = await sender.SendAsync(new WebhookMessage(delivery.Id.ToString(), delivery.Url, delivery.Payload, signing), stoppingToken);
        activity?.SetTag("http.response.status_code", result.StatusCode);
        if (!result.Delivered)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        var status = await RecordAsync(db, delivery, lease, attemptedAt, result, stoppingToken);
        metrics.RecordAttempt(delivery.EventType, status, result);
    }

    /// <summary>
    /// Logs the attempt and moves the delivery on: delivered, retried later, or failed. The state change applies
    /// only while the lease is still this round's (a replay during the attempt restarted the delivery).
    /// </summary>
    private async Task<string> RecordAsync(PixelFlowDbContext db, WebhookDelivery delivery, DateTimeOffset lease,
        DateTimeOffset attemptedAt, WebhookAttemptResult result, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var attempt = delivery.Attempts + 1;
        var retryDelay = result.Reason == WebhookFailureReason.Blocked
            ? null
            : options.CurrentValue.Schedule.DelayAfter(attempt, Random.Shared.NextDouble());
        var status = result.Delivered ? WebhookDeliveryStatus.Delivered
            : retryDelay is null ? WebhookDeliveryStatus.Failed
            : WebhookDeliveryStatus.Pending;
        var error = result.Error is { Length: > MaxErrorLength } message ? message[..MaxErrorLength] : result.Error;

        await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
        var logged = await db.WebhookAttempts.CountAsync(row => row.DeliveryId == delivery.Id, stoppingToken);
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id,
            Number = logged + 1,
            AttemptedAt = attemptedAt,
            StatusCode = result.StatusCode,
            Error = error,
            DurationMs = (long)result.Duration.TotalMilliseconds,
        });
        await db.SaveChangesAsync(stoppingToken);
        await db.WebhookDeliveries
            .Where(row => row.Id == delivery.Id && row.Status == WebhookDeliveryStatus.Pending && row.NextAttemptAt == lease)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(row => row.Status, status)
                    .SetProperty(row => row.Attempts, attempt)
                    .SetProperty(row => row.NextAttemptAt, now + (retryDelay ?? TimeSpan.Zero))
                    .SetProperty(row => row.LastStatusCode, result.StatusCode)
                    .SetProperty(row => row.LastError, error);
                if (result.Delivered)
                {
                    set.SetProperty(row => row.DeliveredAt, now);
                }
            }, stoppingToken);
        await transaction.CommitAsync(stoppingToken);

        if (status == WebhookDeliveryStatus.Failed)
        {
            logger.LogWarning("Webhook {WebhookId} for job {JobId} failed after attempt {Attempt}: {Error}",
                delivery.Id, delivery.JobId, attempt, error);
        }
        else if (status == WebhookDeliveryStatus.Pending)
        {
            logger.LogInformation("Webhook {WebhookId} attempt {Attempt} failed ({Error}); next in {Delay}",
                delivery.Id, attempt, error, retryDelay);
        }

        return status;
    }

    /// <summary>Postgres keeps microseconds; the lease must compare equal after the round trip.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
