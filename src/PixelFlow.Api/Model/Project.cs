namespace PixelFlow.Api.Model;

/// <summary>A tenant: owns API keys, jobs, presets and assets.</summary>
public sealed class Project
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Per-project override of the source pixel limit (all frames summed); null = service default.</summary>
    public long? MaxSourcePixels { get; set; }

    /// <summary>Current webhook signing secret (<c>whsec_…</c>, Standard Webhooks).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The secret before the last rotation, still used to sign (as a second signature) until it expires.</summary>
    public string? PreviousWebhookSecret { get; set; }

    public DateTimeOffset? PreviousWebhookSecretExpiresAt { get; set; }

    /// <summary>When set, every output must request one of these sizes (see presets and the dimension allowlist).</summary>
    public List<AllowedDimension>? AllowedDimensions { get; set; }

    /// <summary>Token bucket size per API key; null = service default.</summary>
    public int? RateLimitCapacity { get; set; }

    /// <summary>Tokens added per second per API key; null = service default.</summary>
    public double? RateLimitRefillPerSecond { get; set; }

    /// <summary>
    /// Last job event number of this project. Taken with a row lock inside the transaction that records the event,
    /// so event ids are gap-free and commit in order (what SSE resume with Last-Event-ID relies on).
    /// </summary>
    public long EventSequence { get; set; }

    public List<ApiKey> ApiKeys { get; set; } = [];
}

/// <summary>An output size a project allows; a null side means any value on that side.</summary>
public sealed record AllowedDimension(int? Width, int? Height);

/// <summary>
/// An API key. Only a SHA-256 hash of the secret is stored: keys are 256-bit random values, so a slow password
/// hash would add latency to every request without adding security. The visible prefix finds the row.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>The key's public part, shown in listings and logs (e.g. <c>pf_3kq9x2ab</c>).</summary>
    public required string Prefix { get; set; }

    public required byte[] SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
