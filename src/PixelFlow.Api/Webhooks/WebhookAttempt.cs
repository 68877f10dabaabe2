namespace PixelFlow.Api.Webhooks;

/// <summary>One HTTP attempt of a delivery.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public long DurationMs { get; set; }
}
