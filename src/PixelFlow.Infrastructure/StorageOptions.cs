using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Infrastructure;

/// <summary>Object storage settings (configuration section <c>Storage</c>); the endpoint and keys come from the
/// <c>storage</c> connection string.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Bucket holding sources, outputs and assets; created at start-up when missing.</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    public string Bucket { get; set; } = "pixelflow";

    /// <summary>AWS region used for signing; S3-compatible servers accept any.</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// How long one storage request may take before it counts as an outage (<see cref="StorageUnavailableException"/>):
    /// until the answer's headers, so a write's whole body is inside it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of presigned upload and download URLs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromHours(1);
}
