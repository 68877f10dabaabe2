using PixelFlow.Api.RateLimiting;

namespace PixelFlow.Api.Projects;

/// <summary>
/// Body of <c>POST /v1/projects</c> and <c>PATCH /v1/projects/{id}</c>. PATCH replaces each top-level field it names
/// (a named <c>settings</c> replaces all settings: what it leaves out returns to its default); null or absent = unchanged.
/// </summary>
/// <param name="Name">1–200 characters.</param>
public sealed record ProjectRequest(string? Name, ProjectSettingsRequest? Settings, ProjectQuotas? Quotas);

/// <summary>A project's settings; each absent field is its default (no presets, any size, service limits, no webhook URL).</summary>
/// <param name="VariantPresets">Named outputs, each as in the job JSON's output form without <c>id</c>; jobs use one as
/// <c>{"id":"x","preset":"name"}</c>. The same presets as <c>/v1/projects/current/presets</c>.</param>
/// <param name="AllowedDimensions">When set, the only output sizes jobs and presets may request.</param>
/// <param name="RateLimit">The token bucket each API key gets; both fields, or both null (or no rate_limit) for the service default.</param>
/// <param name="Webhook">Where jobs without a <c>webhook_url</c> deliver, and the signing secret.</param>
public sealed record ProjectSettingsRequest(
    Dictionary<string, OutputRequest>? VariantPresets,
    List<AllowedDimension>? AllowedDimensions,
    ProjectLimitsBody? Limits,
    RateLimitRequest? RateLimit,
    WebhookSettingsRequest? Webhook);

/// <param name="Url">Absolute http(s) URL; null = none (jobs deliver only to their own <c>webhook_url</c>).</param>
/// <param name="Secret">A Standard Webhooks secret (<c>whsec_</c> + base64 of 24–64 bytes) to sign with; absent keeps the
/// current one (rotate it with <c>POST /v1/projects/current/webhook-secret/rotate</c>).</param>
public sealed record WebhookSettingsRequest(string? Url, string? Secret);

/// <summary>A project's quotas; null = no limit of the project's own. Stored here; enforced by plans.</summary>
/// <param name="StoredBytes">Bytes of stored files.</param>
/// <param name="ProcessedPixelsPerMonth">Source pixels processed per calendar month (UTC).</param>
/// <param name="Files">Number of stored files.</param>
public sealed record ProjectQuotas(long? StoredBytes, long? ProcessedPixelsPerMonth, long? Files);
