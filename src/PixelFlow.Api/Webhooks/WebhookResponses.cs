using System.Text.Json;

namespace PixelFlow.Api.Webhooks;

/// <summary>One HTTP attempt as the delivery log shows it.</summary>
public sealed record WebhookAttemptResponse(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, long DurationMs);

/// <summary>A webhook delivery: what was sent where, where it stands, and every attempt.</summary>
/// <param name="DeliveryId">Also the <c>webhook-id</c> header; a replay sends the same id.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null unless pending.</param>
/// <param name="Payload">The signed body, as sent.</param>
public sealed record WebhookDeliveryResponse(
    Guid DeliveryId,
    Guid JobId,
    string EventType,
    string Url,
    string Status,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    JsonElement Payload,
    IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.JobId, delivery.EventType, delivery.Url, delivery.Status, delivery.AttemptLog.Count,
        delivery.Status == WebhookDeliveryStatus.Pending ? delivery.NextAttemptAt : null,
        delivery.LastStatusCode, delivery.LastError, delivery.CreatedAt, delivery.DeliveredAt,
        JsonSerializer.Deserialize<JsonElement>(delivery.Payload),
        [.. delivery.AttemptLog.OrderBy(attempt => attempt.Number)
            .Select(attempt => new WebhookAttemptResponse(attempt.Number, attempt.AttemptedAt, attempt.StatusCode, attempt.Error, attempt.DurationMs))]);
}

public sealed record WebhookDeliveryListResponse(IReadOnlyList<WebhookDeliveryResponse> Data);
