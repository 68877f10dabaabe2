using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixelFlow.Api.Jobs;

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
