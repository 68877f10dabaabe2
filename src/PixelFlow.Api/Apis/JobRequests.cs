using System.Text.Json;
using System.Text.Json.Serialization;
using PixelFlow.Contracts.V1;

namespace PixelFlow.Api.Apis;

/// <summary>Body of <c>POST /v1/jobs</c>.</summary>
public sealed record CreateJobRequest
{
    /// <summary>Where the source comes from: <c>s3_presigned</c> (the response carries an upload URL).</summary>
    public string? SourceType { get; init; }

    /// <summary>Optional https URL notified when the job finishes.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The outputs, each a named pipeline.</summary>
    public List<OutputRequest>? Pipeline { get; init; }
}

/// <summary>
/// One output: either the one-action shorthand (<c>{"id","action":"resize","width":150,"format":"webp"}</c>,
/// the action's fields beside it) or an ordered <c>steps</c> list.
/// </summary>
public sealed record OutputRequest
{
    public string? Id { get; init; }

    /// <summary>Shorthand: a single operation, its fields on this object.</summary>
    public string? Action { get; init; }

    public List<OperationSpec>? Steps { get; init; }

    /// <summary>Name of a project preset supplying the whole output definition (only <c>id</c> may accompany it).</summary>
    public string? Preset { get; init; }
    public string? Format { get; init; }
    public int? Quality { get; init; }
    public bool? Lossless { get; init; }
    public int? Effort { get; init; }
    public bool? Progressive { get; init; }
    public bool? StripMetadata { get; init; }

    /// <summary>The shorthand's operation fields (width, height, fit, …), read into an <see cref="OperationSpec"/>.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OperationFields { get; init; }
}

/// <summary>A page of jobs; pass <c>next_cursor</c> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record JobListResponse(IReadOnlyList<JobResponse> Data, string? NextCursor);

public sealed record UploadInstructions(string Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

public sealed record JobCreatedResponse(Guid JobId, string Status, UploadInstructions? Upload);

public sealed record JobQueuedResponse(Guid JobId, string Status);

public sealed record JobErrorResponse(string Code, string Message);

/// <summary>An output as reported: <c>status</c> pending until the worker stores it.</summary>
public sealed record JobOutputResponse(
    string Id, string Status, string? Url, string Format, int? Width, int? Height, long? Bytes, int? Frames);

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
