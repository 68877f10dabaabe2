using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.RateLimiting;

/// <summary>
/// Per-API-key token buckets (configuration section <c>RateLimiting</c>). A bucket holds up to
/// <c>capacity</c> requests and gains <c>refill_per_second</c> tokens a second; a project may set its own
/// values (<c>PUT /v1/projects/current/rate-limit</c>) up to the operator's ceilings.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public const int CapacityLimit = 1_000_000;
    public const double RefillLimit = 1_000_000;

    /// <summary>Smallest refill rate: one token every ~17 minutes. Zero would mean a bucket never refills.</summary>
    public const double MinRefillPerSecond = 0.001;

    /// <summary>Off: no buckets, no headers (for a deployment that limits at its proxy).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Burst size for projects without their own setting.</summary>
    [Range(1, CapacityLimit)]
    public int DefaultCapacity { get; set; } = 120;

    /// <summary>Sustained requests per second for projects without their own setting.</summary>
    [Range(MinRefillPerSecond, RefillLimit)]
    public double DefaultRefillPerSecond { get; set; } = 20;

    /// <summary>Highest capacity a project may set for itself; operators raise it for tenants that need more.</summary>
    [Range(1, CapacityLimit)]
    public int MaxCapacity { get; set; } = 1_000;

    /// <summary>Highest refill rate a project may set for itself.</summary>
    [Range(MinRefillPerSecond, RefillLimit)]
    public double MaxRefillPerSecond { get; set; } = 100;
}
