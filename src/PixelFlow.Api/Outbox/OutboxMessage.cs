namespace PixelFlow.Api.Outbox;

/// <summary>
/// A message saved in the same transaction as the state change that caused it, and sent to the broker
/// afterwards by <see cref="OutboxDispatcher"/>: a job accepted while the broker is down is sent
/// when it is back, and one accepted just before the API dies is sent by another instance.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Also the MassTransit MessageId, so consumers can recognise a resend.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Queue name the command is sent to.</summary>
    public required string Destination { get; set; }

    /// <summary>CLR type name of the payload (from PixelFlow.Contracts).</summary>
    public required string MessageType { get; set; }

    public required string Payload { get; set; }

    /// <summary>W3C traceparent of the request that caused it, so the trace continues through the broker.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}
