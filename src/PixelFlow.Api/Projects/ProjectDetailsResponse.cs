namespace PixelFlow.Api.Projects;

/// <summary>A project as its users see it.</summary>
/// <param name="Role">The caller's role: owner or member.</param>
/// <param name="DeletedAt">Set on a deleted project (only <c>restore</c> answers one).</param>
public sealed record ProjectDetailsResponse(
    Guid Id,
    string Name,
    string Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletedAt,
    ProjectSettingsResponse Settings,
    ProjectQuotas Quotas);

/// <summary>The settings, in the shape <c>PATCH</c> takes back.</summary>
public sealed record ProjectSettingsResponse(
    IReadOnlyDictionary<string, VariantPresetResponse> VariantPresets,
    IReadOnlyList<AllowedDimension>? AllowedDimensions,
    ProjectLimitsBody Limits,
    RateLimitResponse RateLimit,
    WebhookSettingsResponse Webhook);

/// <param name="Secret">The current signing secret (<c>whsec_…</c>): verify <c>webhook-signature</c> with it. Shown to
/// owners only (null for members: whoever holds it can forge deliveries).</param>
public sealed record WebhookSettingsResponse(string? Url, string? Secret);

/// <summary>A preset's output in the job JSON's <c>steps</c> form (normalised: the shorthand becomes one step).</summary>
public sealed record VariantPresetResponse(
    IReadOnlyList<OperationSpec> Steps, string Format, int? Quality, bool? Lossless, int? Effort, bool? Progressive, bool StripMetadata)
{
    public static VariantPresetResponse From(OutputSpec output) =>
        new(output.Steps, output.Format, output.Quality, output.Lossless, output.Effort, output.Progressive, output.StripMetadata);
}
