using PixelFlow.Contracts.V1;

namespace PixelFlow.Api.Model;

/// <summary>A named output definition stored in a project, used as <c>{"id":"x","preset":"name"}</c>.</summary>
public sealed class Preset
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string Name { get; set; }

    /// <summary>The normalised output (its <see cref="OutputSpec.Id"/> is replaced by the job's output id).</summary>
    public required OutputSpec Output { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One entry of a project's event log: a job status change or a finished output. <see cref="Sequence"/> is the
/// SSE event id (per project, gap-free); streams resume after it.
/// </summary>
public sealed class JobEvent
{
    public long Id { get; set; }
    public Guid ProjectId { get; set; }
    public long Sequence { get; set; }
    public Guid JobId { get; set; }

    /// <summary>job.queued | job.processing | job.output_completed | job.succeeded | job.failed | job.canceled.</summary>
    public required string Type { get; set; }

    /// <summary>The event's JSON body as streamed.</summary>
    public required string Data { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A webhook message for one endpoint; retried until delivered or its schedule runs out.</summary>
public sealed class WebhookDelivery
{
    /// <summary>Also the <c>webhook-id</c> header: receivers dedupe by it, and a replay keeps it.</summary>
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }
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
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<WebhookAttempt> AttemptLog { get; set; } = [];
}

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

/// <summary>Metering: one record per finished job.</summary>
public sealed class UsageRecord
{
    public long Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid JobId { get; set; }

    /// <summary>succeeded | failed.</summary>
    public required string Outcome { get; set; }

    public long PixelsProcessed { get; set; }
    public long BytesIn { get; set; }
    public long BytesOut { get; set; }

    /// <summary>bytes_in − bytes_out when positive (per-output savings are not additive across outputs).</summary>
    public long BytesSaved { get; set; }

    public long ComputeTimeMs { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
