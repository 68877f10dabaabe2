using System.Text.Json.Nodes;

namespace PixelFlow.Web.Console;

// The presets, members, settings and billing pages' calls. Presets and the project-scoped settings go through the
// API-key endpoints (/v1/projects/current/…, PixelFlow-Project header): one endpoint per setting, so saving one never
// rewrites another. Only the webhook URL has no such endpoint and is saved by PATCH /v1/projects/{id}.
public sealed partial class ConsoleApi
{
    public Task<List<PresetInfo>> ListPresetsAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        InProjectAsync<List<PresetInfo>>(projectId, HttpMethod.Get, "/v1/projects/current/presets", null, cancellationToken);

    /// <summary>Creates or replaces a preset; <paramref name="output"/> is an output definition without <c>id</c>.</summary>
    public Task<PresetInfo> PutPresetAsync(Guid projectId, string name, JsonObject output, CancellationToken cancellationToken = default) =>
        InProjectAsync<PresetInfo>(projectId, HttpMethod.Put, $"/v1/projects/current/presets/{Uri.EscapeDataString(name)}", output, cancellationToken);

    public Task DeletePresetAsync(Guid projectId, string name, CancellationToken cancellationToken = default) =>
        InProjectAsync(projectId, HttpMethod.Delete, $"/v1/projects/current/presets/{Uri.EscapeDataString(name)}", null, cancellationToken);

    public Task<List<MemberInfo>> ListMembersAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        AsUserAsync<List<MemberInfo>>(HttpMethod.Get, $"/v1/projects/{projectId}/members", null, cancellationToken);

    public Task<MemberInfo> AddMemberAsync(Guid projectId, string email, string role, CancellationToken cancellationToken = default) =>
        AsUserAsync<MemberInfo>(HttpMethod.Post, $"/v1/projects/{projectId}/members", new { email, role }, cancellationToken);

    public Task RemoveMemberAsync(Guid projectId, Guid userId, CancellationToken cancellationToken = default) =>
        AsUserAsync(HttpMethod.Delete, $"/v1/projects/{projectId}/members/{userId}", null, cancellationToken);

    /// <summary>The project's settings as stored (any member may read them).</summary>
    public Task<ProjectSettingsDocument> GetProjectSettingsAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        AsUserAsync<ProjectSettingsDocument>(HttpMethod.Get, $"/v1/projects/{projectId}", null, cancellationToken);

    /// <summary>
    /// Sets the webhook URL (null: none). PATCH replaces all of <c>settings</c>, so the settings just read are sent back
    /// with only the URL changed; the secret is left out, which keeps it.
    /// </summary>
    public async Task<ProjectSettingsDocument> SetWebhookUrlAsync(Guid projectId, string? url, CancellationToken cancellationToken = default)
    {
        var settings = (await GetProjectSettingsAsync(projectId, cancellationToken)).Settings;
        settings["webhook"] = new JsonObject { ["url"] = url };
        return await AsUserAsync<ProjectSettingsDocument>(HttpMethod.Patch, $"/v1/projects/{projectId}", new JsonObject { ["settings"] = settings.DeepClone() },
            cancellationToken);
    }

    /// <summary>The owner's view: the webhook secret (members are answered 403).</summary>
    public Task<CurrentProject> GetCurrentProjectAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        InProjectAsync<CurrentProject>(projectId, HttpMethod.Get, "/v1/projects/current", null, cancellationToken);

    public Task<CurrentProject> RotateWebhookSecretAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        InProjectAsync<CurrentProject>(projectId, HttpMethod.Post, "/v1/projects/current/webhook-secret/rotate", null, cancellationToken);

    public Task<RateLimitInfo> GetRateLimitAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        InProjectAsync<RateLimitInfo>(projectId, HttpMethod.Get, "/v1/projects/current/rate-limit", null, cancellationToken);

    public Task<RateLimitInfo> SetRateLimitAsync(Guid projectId, int? capacity, double? refillPerSecond, CancellationToken cancellationToken = default) =>
        InProjectAsync<RateLimitInfo>(projectId, HttpMethod.Put, "/v1/projects/current/rate-limit",
            new { capacity, refill_per_second = refillPerSecond }, cancellationToken);

    /// <summary>Sets the sizes outputs may ask for; null allows any size.</summary>
    public Task SetAllowedDimensionsAsync(Guid projectId, List<AllowedDimension>? sizes, CancellationToken cancellationToken = default) =>
        InProjectAsync(projectId, HttpMethod.Put, "/v1/projects/current/allowed-dimensions", new { allowed_dimensions = sizes }, cancellationToken);

    /// <summary>Sets the largest source the project's jobs take, in pixels; null is the service's default.</summary>
    public Task SetSourcePixelLimitAsync(Guid projectId, long? maxSourcePixels, CancellationToken cancellationToken = default) =>
        InProjectAsync(projectId, HttpMethod.Put, "/v1/projects/current/limits", new { max_source_pixels = maxSourcePixels }, cancellationToken);

    public Task<BillingAccountInfo> GetBillingAccountAsync(CancellationToken cancellationToken = default) =>
        AsUserAsync<BillingAccountInfo>(HttpMethod.Get, "/v1/billing/account", null, cancellationToken);

    public Task<PlanList> ListPlansAsync(CancellationToken cancellationToken = default) =>
        AsUserAsync<PlanList>(HttpMethod.Get, "/v1/billing/plans", null, cancellationToken);

    public Task<BillingSession> CreateCheckoutAsync(string plan, CancellationToken cancellationToken = default) =>
        AsUserAsync<BillingSession>(HttpMethod.Post, "/v1/billing/checkout", new { plan }, cancellationToken);

    public Task<BillingSession> CreateBillingPortalAsync(CancellationToken cancellationToken = default) =>
        AsUserAsync<BillingSession>(HttpMethod.Post, "/v1/billing/portal", null, cancellationToken);

    /// <summary>The project's ready files, newest first, to preview a preset on.</summary>
    public Task<PreviewFilePage> ListReadyFilesAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        AsUserAsync<PreviewFilePage>(HttpMethod.Get, $"/v1/projects/{projectId}/files?status=ready&limit=50", null, cancellationToken);

    public Task<PreviewFile> GetPreviewFileAsync(Guid fileId, CancellationToken cancellationToken = default) =>
        AsUserAsync<PreviewFile>(HttpMethod.Get, $"/v1/files/{fileId}", null, cancellationToken);

    /// <summary>
    /// Starts the job that makes a missing or stale variant (<c>202</c> with its job). Only for a variant that is not
    /// ready: a ready one answers with a redirect to its bytes, which this client would follow.
    /// </summary>
    public Task<VariantPending> RequestVariantAsync(Guid fileId, string variant, CancellationToken cancellationToken = default) =>
        AsUserAsync<VariantPending>(HttpMethod.Get, $"/v1/files/{fileId}/content?variant={Uri.EscapeDataString(variant)}", null, cancellationToken);
}
