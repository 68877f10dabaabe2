namespace PixelFlow.Api.Projects;

/// <summary>A tenant: owns API keys, jobs, presets and assets.</summary>
public sealed class Project
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Set by <c>DELETE /v1/projects/{id}</c>: the project is hidden and its keys stop working; it can be restored
    /// until <see cref="Cleanup.CleanupOptions.Retention"/> has passed, after which the scheduled purge removes it.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Where jobs that name no <c>webhook_url</c> of their own deliver their events; null = nowhere.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Quota: bytes of stored files; null = no limit of the project's own.</summary>
    public long? StoredBytesQuota { get; set; }

    /// <summary>Quota: source pixels processed per calendar month (UTC); null = no limit of the project's own.</summary>
    public long? ProcessedPixelsPerMonthQuota { get; set; }

    /// <summary>Quota: number of stored files; null = no limit of the project's own.</summary>
    public long? FilesQuota { get; set; }

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

    public List<ProjectMember> Members { get; set; } = [];
}
