using System.Text.Json.Nodes;

namespace PixelFlow.Web.Console;

// The API's JSON for the presets, members, settings and billing pages (snake_case; unread fields ignored).

/// <summary>A preset of the project (<c>GET /v1/projects/current/presets</c>).</summary>
/// <param name="Output">The normalised output definition (<c>steps</c>, <c>format</c>, …) as JSON: the form reads its fields by
/// their wire names, the names the operation catalogue defines them by.</param>
public sealed record PresetInfo(string Name, JsonObject Output, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A user of a project and their role (<c>GET /v1/projects/{id}/members</c>).</summary>
public sealed record MemberInfo(Guid UserId, string Email, string Role, DateTimeOffset CreatedAt);

/// <summary>The owner's view of the project (<c>GET /v1/projects/current</c>): the webhook signing secret and its rotation.</summary>
public sealed record CurrentProject(Guid ProjectId, string Name, string WebhookSecret, DateTimeOffset? PreviousWebhookSecretExpiresAt,
    List<AllowedDimension>? AllowedDimensions);

/// <summary>An output size the project allows; a null side matches any value.</summary>
public sealed record AllowedDimension(int? Width, int? Height);

/// <summary>The token bucket each API key of the project gets (<c>is_default</c>: the service's).</summary>
public sealed record RateLimitInfo(int Capacity, double RefillPerSecond, bool IsDefault);

/// <summary>A project's settings as <c>GET /v1/projects/{id}</c> answers them, kept as JSON so a <c>PATCH</c> sends back
/// exactly what was read with one field changed (PATCH replaces the whole <c>settings</c> object).</summary>
public sealed record ProjectSettingsDocument(Guid Id, string Role, JsonObject Settings)
{
    public string? WebhookUrl => Settings["webhook"]?["url"]?.GetValue<string>();

    public long? MaxSourcePixels => Settings["limits"]?["max_source_pixels"]?.GetValue<long>();

    public List<AllowedDimension>? AllowedDimensions =>
        Settings["allowed_dimensions"] is JsonArray sizes
            ? sizes.Select(size => new AllowedDimension(size?["width"]?.GetValue<int>(), size?["height"]?.GetValue<int>())).ToList()
            : null;
}

/// <summary>The signed-in user's plan (<c>GET /v1/billing/account</c>); a null quota is unlimited.</summary>
public sealed record BillingAccountInfo(Guid UserId, string Plan, string Status, bool HasStripeCustomer, Dictionary<string, long?> Quotas);

/// <summary>The plans (<c>GET /v1/billing/plans</c>); <c>billing_enabled</c> false: the operator assigns them, nothing is sold.</summary>
public sealed record PlanList(bool BillingEnabled, string DefaultPlan, List<PlanInfo> Plans);

/// <summary>One plan, its quotas (null = unlimited), and whether Stripe Checkout sells it.</summary>
public sealed record PlanInfo(string Name, Dictionary<string, long?> Quotas, bool Checkout);

/// <summary>A Stripe Checkout or customer-portal session: where to send the browser.</summary>
public sealed record BillingSession(string Id, string Url);

/// <summary>A file of the project, as the preset preview lists and reads it (<c>GET /v1/files/{id}</c>).</summary>
public sealed record PreviewFile(Guid Id, string Status, string OriginalFilename, int? Width, int? Height, List<PreviewVariant> Variants);

/// <summary>One variant of a file: its state and, when ready, a presigned URL of its bytes.</summary>
public sealed record PreviewVariant(string Name, string Status, string Format, int? Width, int? Height, long? Bytes, string? Url,
    Guid? JobId, string? ErrorCode);

public sealed record PreviewFilePage(List<PreviewFile> Data, string? NextCursor);

/// <summary><c>GET /v1/files/{id}/content?variant=</c> for a variant not made yet: the job now making it.</summary>
public sealed record VariantPending(Guid FileId, string Variant, string Status, Guid JobId);
