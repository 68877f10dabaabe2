namespace PixelFlow.Api.Projects;

/// <summary>The API key's project.</summary>
/// <param name="WebhookSecret">Standard Webhooks signing secret (<c>whsec_…</c>); verify <c>webhook-signature</c> with it.</param>
/// <param name="PreviousWebhookSecretExpiresAt">While a rotation overlaps, deliveries carry a second signature made with
/// the previous secret until this time; null otherwise.</param>
/// <param name="AllowedDimensions">When set, the only output sizes jobs may request.</param>
public sealed record ProjectResponse(
    Guid ProjectId,
    string Name,
    DateTimeOffset CreatedAt,
    string WebhookSecret,
    DateTimeOffset? PreviousWebhookSecretExpiresAt,
    RateLimitResponse RateLimit,
    IReadOnlyList<AllowedDimension>? AllowedDimensions);
