using System.Text.Json;
using PixelFlow.Contracts.V1;

namespace PixelFlow.Web.Console;

// The API's jobs and webhook deliveries, as the Jobs tab and a job's page read them.

/// <summary>A job (<c>GET /v1/jobs/{id}</c>, and each item of <c>GET /v1/jobs</c>).</summary>
public sealed record JobInfo(Guid JobId, string Status, string SourceType, IReadOnlyList<JobOutputInfo> Outputs, JobSourceInfo? Source,
    IReadOnlyList<string>? Warnings, JobErrorInfo? Error, string? WebhookUrl, DateTimeOffset CreatedAt, DateTimeOffset? QueuedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt)
{
    public bool IsFinished => Wire.JobStatuses.IsTerminal(Status);
}

/// <summary>One output: its operations (<see cref="Steps"/>, each the action's own fields) and, once completed, the stored file.</summary>
public sealed record JobOutputInfo(string Id, string Status, string? Url, string Format, int? Width, int? Height, long? Bytes, int? Frames,
    JsonElement Steps);

/// <summary>What the worker found in the source.</summary>
public sealed record JobSourceInfo(string? Format, int? Width, int? Height, long? Bytes);

public sealed record JobErrorInfo(string Code, string Message);

/// <summary>A page of <c>GET /v1/jobs</c>: <see cref="NextCursor"/> reads the next one (null on the last).</summary>
public sealed record JobListPage(IReadOnlyList<JobInfo> Data, string? NextCursor);

/// <summary>The job statuses the API names (the contracts' <see cref="Wire.JobStatuses"/>), in a job's order.</summary>
public static class JobStatuses
{
    public const string Created = Wire.JobStatuses.Created;
    public const string Queued = Wire.JobStatuses.Queued;
    public const string Processing = Wire.JobStatuses.Processing;
    public const string Succeeded = Wire.JobStatuses.Succeeded;
    public const string Failed = Wire.JobStatuses.Failed;
    public const string Canceled = Wire.JobStatuses.Canceled;

    public static readonly IReadOnlyList<string> All = [Created, Queued, Processing, Succeeded, Failed, Canceled];
}

/// <summary>A webhook delivery of a job (<c>GET /v1/jobs/{id}/webhook-deliveries</c>) with every attempt.</summary>
public sealed record WebhookDeliveryInfo(Guid DeliveryId, Guid JobId, string EventType, string Url, string Status, int AttemptCount,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    IReadOnlyList<WebhookAttemptInfo> Attempts);

public sealed record WebhookAttemptInfo(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, long DurationMs);

public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryInfo> Data);
