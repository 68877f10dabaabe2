using System.Diagnostics.Metrics;

namespace PixelFlow.Api.Webhooks;

/// <summary>Webhook counters on the API's meter (<see cref="ApiMetrics.Meter"/>).</summary>
public sealed class WebhookMetrics(ApiMetrics apiMetrics)
{
    private readonly Counter<long> _attempts = apiMetrics.Meter.CreateCounter<long>("pixelflow.webhook.attempts", "{attempt}",
        "Webhook HTTP attempts, by outcome: delivered, retrying (failed, another attempt is scheduled) or failed (the delivery gave up).");

    private readonly Counter<long> _failures = apiMetrics.Meter.CreateCounter<long>("pixelflow.webhook.failures", "{attempt}",
        "Failed webhook attempts, by reason: http_status, timeout, connection or blocked.");

    public void RecordAttempt(string eventType, string deliveryStatus, WebhookAttemptResult result)
    {
        var outcome = deliveryStatus == WebhookDeliveryStatus.Pending ? "retrying" : deliveryStatus;
        _attempts.Add(1, new("outcome", outcome), new("event_type", eventType));
        if (!result.Delivered)
        {
            _failures.Add(1, new("reason", ReasonTag(result.Reason)), new("event_type", eventType));
        }
    }

    private static string ReasonTag(WebhookFailureReason reason) => reason switch
    {
        WebhookFailureReason.HttpStatus => "http_status",
        WebhookFailureReason.Timeout => "timeout",
        WebhookFailureReason.Connection => "connection",
        WebhookFailureReason.Blocked => "blocked",
        _ => "none",
    };
}
