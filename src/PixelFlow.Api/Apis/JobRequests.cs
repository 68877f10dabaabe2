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
    // Required for the OpenAPI document; JobRequestValidator enforces it with a path-keyed error (the field stays
    // nullable so a missing one is a validation problem, not a binding failure).
    [System.ComponentModel.DataAnnotations.Required]
    public List<OutputRequest>? Pipeline { get; init; }
}

/// <summary>
/// One output: either the one-action shorthand (<c>{"id","action":"resize","width":150,"format":"webp"}</c>,
/// the action's fields beside it) or an ordered <c>steps</c> list.
/// </summary>
public sealed record OutputRequest
{
    /// <summary>Output id, unique within the job: 1–64 of A-Z a-z 0-9 _ -.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string? Id { get; init; }

    /// <summary>Shorthand: a single operation, its fields on this object.</summary>
    public string? Action { get; init; }

    /// <summary>Operations run in order (instead of <c>action</c>).</summary>
    public List<OperationSpec>? Steps { get; init; }

    /// <summary>Name of a project preset supplying the whole output definition (only <c>id</c> may accompany it).</summary>
    public string? Preset { get; init; }
    /// <summary>jpeg | png | webp | avif | gif | tiff | auto (default auto: the source's format when browsers show it, else jpeg/png).</summary>
    public string? Format { get; init; }

    /// <summary>1–100; each format's default and meaning: <see cref="Encodings"/>.</summary>
    public int? Quality { get; init; }

    /// <summary>webp only: lossless encoding.</summary>
    public bool? Lossless { get; init; }

    /// <summary>Encoder effort; the formats that take it, their ranges and defaults: <see cref="Encodings"/>.</summary>
    public int? Effort { get; init; }

    /// <summary>jpeg/png: progressive (interlaced).</summary>
    public bool? Progressive { get; init; }

    /// <summary>Drop EXIF, XMP, IPTC and the ICC profile: the pixels are sRGB, which untagged means (default true). False keeps them.</summary>
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
/// <param name="Id">The output's id from the request.</param>
/// <param name="Status">pending | completed.</param>
/// <param name="Url">Presigned GET URL of the stored file (fresh on every read), once completed.</param>
/// <param name="Format">The format written (auto resolved), or the requested one while pending.</param>
/// <param name="Width">Width in pixels (of one frame).</param>
/// <param name="Height">Height in pixels (of one frame).</param>
/// <param name="Bytes">File size.</param>
/// <param name="Frames">Animation frames (1 for stills).</param>
public sealed record JobOutputResponse(
    string Id, string Status, string? Url, string Format, int? Width, int? Height, long? Bytes, int? Frames);

/// <summary>A job: status, outputs, what the worker found in the source, and timestamps.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Status">created | queued | processing | succeeded | failed | canceled.</param>
/// <param name="SourceType">s3_presigned | multipart.</param>
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
