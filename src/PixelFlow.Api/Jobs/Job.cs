namespace PixelFlow.Api.Jobs;

/// <summary>A source image plus named outputs, and where it stands.</summary>
public sealed class Job
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public JobStatus Status { get; set; }
    public required string SourceType { get; set; }
    public required string SourceKey { get; set; }
    public string? WebhookUrl { get; set; }

    /// <summary>The normalised outputs, as sent to the worker.</summary>
    public List<OutputSpec> Outputs { get; set; } = [];

    /// <summary>Outputs stored so far (grows as the worker reports them).</summary>
    public List<OutputResult> Results { get; set; } = [];

    public SourceReport? Source { get; set; }
    public List<string> Warnings { get; set; } = [];
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>Client's Idempotency-Key for the creating request, unique per project.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the creating request, to tell a retry (same body) from a key reused for another body.</summary>
    public string? RequestHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
