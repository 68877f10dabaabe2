using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

/// <summary>A job: status, outputs, what the worker found in the source, and timestamps.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Status">created | queued | processing | succeeded | failed | canceled.</param>
/// <param name="SourceType">s3_presigned | multipart | file (a job making a file's variants).</param>
/// <param name="Outputs">Every requested output, in request order.</param>
/// <param name="Source">The source report (format, displayed size, orientation, colour handling), once processed.</param>
/// <param name="Warnings">Non-fatal notes, e.g. an animation flattened for a still format.</param>
/// <param name="Error">Why the job failed: a stable code and a message.</param>
/// <param name="WebhookUrl">Where job.succeeded / job.failed are delivered.</param>
/// <param name="CreatedAt">When the job was created.</param>
/// <param name="QueuedAt">When it was started.</param>
/// <param name="StartedAt">When a worker took it.</param>
/// <param name="CompletedAt">When it finished (or was canceled).</param>
public sealed record JobResponse(
    Guid JobId,
    string Status,
    string SourceType,
    IReadOnlyList<JobOutputResponse> Outputs,
    SourceReport? Source,
    IReadOnlyList<string> Warnings,
    JobErrorResponse? Error,
    string? WebhookUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt);
