using System.Text.Json.Serialization;
using MassTransit;

namespace PixelFlow.Contracts.V1;

// Wire rules (see README "Message contracts"): names are fixed by [MessageUrn]; within V1 only additive,
// optional changes; a breaking change is a new namespace (V2) consumed side by side until V1 drains.
// Messages whose optional members are null when absent are positional records, their other members marked
// [JsonRequired] so that a message without one is refused (as `required` init properties are); ProcessJob and
// JobSucceeded keep init properties, as an optional collection of theirs that is absent must read as empty, not null.

/// <summary>Command: run a job's pipeline. Sent by the API's outbox, consumed by the worker.</summary>
[MessageUrn("pixelflow:v1:process-job")]
public sealed record ProcessJob
{
    public required Guid JobId { get; init; }
    public required Guid ProjectId { get; init; }

    /// <summary>Storage key of the uploaded source.</summary>
    public required string SourceKey { get; init; }

    /// <summary>Prefix under which outputs are written: <c>{OutputPrefix}{output id}.{ext}</c>.</summary>
    public required string OutputPrefix { get; init; }

    public required IReadOnlyList<OutputSpec> Outputs { get; init; }

    /// <summary>
    /// Optional (added within V1): output id → storage key without its extension, for outputs that must land at a
    /// fixed place (a file's variants: <c>{projectId}/{variant}/{fileId}</c>). Such an output is written to
    /// <c>{key}.{ext}</c>; every other output to <c>{OutputPrefix}{output id}.{ext}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? OutputKeys { get; init; }

    public required ProcessingLimits Limits { get; init; }

    /// <summary>Watermark assets: the client's image_key → storage key.</summary>
    public IReadOnlyDictionary<string, string> Assets { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset QueuedAt { get; init; }
}

/// <summary>
/// Request: the control plane's status of a job. The worker asks when the Redis status mirror has no entry for a
/// job it is about to run (Redis lost it), so that a settled job is not run again.
/// </summary>
[MessageUrn("pixelflow:v1:get-job-status")]
public sealed record GetJobStatus([property: JsonRequired] Guid JobId)
{
    /// <summary>Queue the API answers on.</summary>
    public const string Queue = "get-job-status";
}

/// <summary>Response to <see cref="GetJobStatus"/>: the job's wire status (queued, processing, succeeded, failed, canceled), or null for an unknown job.</summary>
[MessageUrn("pixelflow:v1:job-status")]
public sealed record JobStatusReply([property: JsonRequired] Guid JobId, string? Status);

/// <summary>Event: a worker took the job.</summary>
[MessageUrn("pixelflow:v1:job-processing-started")]
public sealed record JobProcessingStarted(
    [property: JsonRequired] Guid JobId,
    [property: JsonRequired] Guid ProjectId,
    [property: JsonRequired] DateTimeOffset StartedAt);

/// <summary>
/// Event: one output was encoded and stored, while others remain. The last output is reported by
/// <see cref="JobSucceeded"/>, which lists every output; a consumer treats an output it has not seen there as completed.
/// </summary>
[MessageUrn("pixelflow:v1:job-output-completed")]
public sealed record JobOutputCompleted(
    [property: JsonRequired] Guid JobId,
    [property: JsonRequired] Guid ProjectId,
    [property: JsonRequired] OutputResult Output);

/// <summary>Event: every output is stored.</summary>
[MessageUrn("pixelflow:v1:job-succeeded")]
public sealed record JobSucceeded
{
    public required Guid JobId { get; init; }
    public required Guid ProjectId { get; init; }
    public required IReadOnlyList<OutputResult> Outputs { get; init; }
    public required SourceReport Source { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public required JobUsage Usage { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}

/// <summary>Event: the job cannot succeed (bad source, limit exceeded, processing error).</summary>
/// <param name="ErrorCode">Stable machine-readable code, see <see cref="JobErrorCodes"/>.</param>
[MessageUrn("pixelflow:v1:job-failed")]
public sealed record JobFailed(
    [property: JsonRequired] Guid JobId,
    [property: JsonRequired] Guid ProjectId,
    [property: JsonRequired] string ErrorCode,
    [property: JsonRequired] string ErrorMessage,
    SourceReport? Source,
    JobUsage? Usage,
    [property: JsonRequired] DateTimeOffset FailedAt);

/// <summary>One stored output.</summary>
public sealed record OutputResult
{
    public required string Id { get; init; }
    public required string Key { get; init; }
    public required string Format { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required long Bytes { get; init; }
    public int Frames { get; init; } = 1;
}

/// <summary>What the worker learnt about the source.</summary>
public sealed record SourceReport
{
    public required string Format { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required long Bytes { get; init; }
    public int Frames { get; init; } = 1;

    /// <summary>EXIF orientation found (1–8) and applied before any step.</summary>
    public int Orientation { get; init; } = 1;

    /// <summary>Source interpretation, e.g. srgb, cmyk, b-w.</summary>
    public string? Colourspace { get; init; }

    /// <summary>What happened to colour: e.g. "embedded ICC profile converted to sRGB".</summary>
    public string? ColourHandling { get; init; }

    public bool HasAlpha { get; init; }
}

/// <summary>Metering figures for one job.</summary>
public sealed record JobUsage(long PixelsProcessed, long BytesIn, long BytesOut, long ComputeTimeMs);

/// <summary>Stable error codes carried by <see cref="JobFailed"/>.</summary>
public static class JobErrorCodes
{
    /// <summary>The source: missing, empty, over the job's <see cref="ProcessingLimits"/>, in a format not read, or corrupt.</summary>
    public const string SourceMissing = "source_missing", SourceEmpty = "source_empty", SourceTooLarge = "source_too_large",
        UnsupportedFormat = "unsupported_format", TooManyPixels = "too_many_pixels", TooManyFrames = "too_many_frames",
        SourceCorrupt = "source_corrupt";

    /// <summary>Processing: a watermark asset was not provided, processing failed, or it ran past its time limit.</summary>
    public const string AssetMissing = "asset_missing", ProcessingFailed = "processing_failed", ProcessingTimeout = "processing_timeout";

    /// <summary>Storage (or the broker) stayed unreachable through the worker's retries (over a minute).</summary>
    public const string StorageUnavailable = "storage_unavailable";

    /// <summary>The job was processing past its deadline and no worker reported on it again (found by the API's recovery sweep).</summary>
    public const string WorkerLost = "worker_lost";

    /// <summary>The job's command was given up by every retry; the recovery sweep settled it (see the README's recovery guarantees).</summary>
    public const string Abandoned = "abandoned";

    /// <summary>Renders of this job crashed or hung workers three times; it is not given to a worker a fourth time.</summary>
    public const string SourceUnprocessable = "source_unprocessable";

    /// <summary>The job's source never arrived: it stayed <c>created</c> past Cleanup:UnsourcedExpiry (24 h) and expired.</summary>
    public const string SourceNotReceived = "source_not_received";
}
