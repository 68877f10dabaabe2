using PixelFlow.Contracts.V1;

namespace PixelFlow.Api.Model;

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

/// <summary>
/// created → queued → processing → succeeded | failed, and canceled from any unfinished state.
/// Stored as its lower-case name.
/// </summary>
public enum JobStatus
{
    Created,
    Queued,
    Processing,
    Succeeded,
    Failed,
    Canceled,
}

public static class JobStatusExtensions
{
    public static bool IsFinished(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;

    public static string ToWire(this JobStatus status) => status.ToString().ToLowerInvariant();
}
