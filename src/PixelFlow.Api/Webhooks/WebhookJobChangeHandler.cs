using System.Text.Json;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace PixelFlow.Api.Webhooks;

/// <summary>The body of every webhook: <c>{"type","timestamp","data"}</c> (Standard Webhooks' payload shape).</summary>
public sealed record WebhookEvent<T>(string Type, DateTimeOffset Timestamp, T Data);

/// <summary>
/// Queues a delivery when a job with a webhook URL finishes. The row is added in the transaction that records the
/// job's new status, so a finished job always has its delivery and a rolled-back change never sends one.
/// </summary>
public sealed class WebhookJobChangeHandler(
    WebhookDispatchSignal signal,
    ObjectStorage storage,
    IOptions<HttpJsonOptions> json,
    TimeProvider clock) : IJobChangeHandler
{
    /// <summary>Events sent as webhooks.</summary>
    public static readonly IReadOnlySet<string> EventTypes = new HashSet<string> { JobEventTypes.Succeeded, JobEventTypes.Failed };

    public Task OnChangingAsync(PixelFlowDbContext db, JobChange change, CancellationToken cancellationToken)
    {
        if (ShouldSend(change))
        {
            var now = clock.GetUtcNow();
            var body = new WebhookEvent<JobResponse>(change.EventType, now, JobResponses.From(change.Job, storage));
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(now),
                ProjectId = change.Job.ProjectId,
                JobId = change.Job.Id,
                EventType = change.EventType,
                Url = change.Job.WebhookUrl!,
                Payload = JsonSerializer.Serialize(body, json.Value.SerializerOptions),
                Status = WebhookDeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }

        return Task.CompletedTask;
    }

    public Task OnChangedAsync(JobChange change, CancellationToken cancellationToken)
    {
        if (ShouldSend(change))
        {
            signal.Signal();
        }

        return Task.CompletedTask;
    }

    private static bool ShouldSend(JobChange change) =>
        !string.IsNullOrEmpty(change.Job.WebhookUrl) && EventTypes.Contains(change.EventType);
}

/// <summary>Values of <see cref="WebhookDelivery.Status"/>.</summary>
public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Pending, Delivered, Failed };
}
