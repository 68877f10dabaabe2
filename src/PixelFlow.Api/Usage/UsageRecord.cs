namespace PixelFlow.Api.Usage;

/// <summary>Metering: one record per finished job.</summary>
public sealed class UsageRecord
{
    public long Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid JobId { get; set; }

    /// <summary>The API key that created the job, if a key did.</summary>
    public Guid? ApiKeyId { get; set; }

    /// <summary>The signed-in user who created the job, if one did.</summary>
    public Guid? UserId { get; set; }

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
