namespace PixelFlow.Api.Webhooks;

/// <summary>A webhook message for one endpoint; retried until delivered or its schedule runs out.</summary>
public sealed class WebhookDelivery : ProjectOwned
{
    /// <summary>Also the <c>webhook-id</c> header: receivers dedupe by it, and a replay keeps it.</summary>
    public Guid Id { get; set; }

    public Guid JobId { get; set; }
    public required string EventType { get; set; }
    public required string Url { get; set; }

    /// <summary>The exact JSON body that is signed and sent.</summary>
    public required string Payload { get; set; }

    /// <summary>pending | delivered | failed (schedule exhausted or refused by policy).</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<WebhookAttempt> AttemptLog { get; set; } = [];
}
