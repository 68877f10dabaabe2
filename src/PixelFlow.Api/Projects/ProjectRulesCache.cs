using PixelFlow.Api.Caching;

namespace PixelFlow.Api.Projects;

/// <summary>
/// The project settings every job request is checked against (its presets and dimension allowlist) or takes a default
/// from (its webhook URL), read through the instance's <see cref="ReadCache"/>; the settings endpoints evict what
/// they change on every instance.
/// </summary>
public sealed class ProjectRulesCache(ReadCache cache, CacheInvalidation invalidation)
{
    public async Task<IReadOnlyList<AllowedDimension>?> AllowedDimensionsAsync(PixelFlowDbContext db, Guid projectId,
        CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(AllowedDimensionsKey(projectId), async token => new Stored<List<AllowedDimension>>(
                await db.Projects.AsNoTracking().Where(project => project.Id == projectId)
                    .Select(project => project.AllowedDimensions).SingleOrDefaultAsync(token)),
            _ => Mutability.Mutable, cancellationToken))!.Value;

    /// <summary>The output a preset stands for, or null when the project has no preset of that name.</summary>
    public async Task<OutputSpec?> PresetAsync(PixelFlowDbContext db, Guid projectId, string name, CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(PresetKey(projectId, name), async token => new Stored<OutputSpec>(
                await db.Presets.AsNoTracking().Where(preset => preset.ProjectId == projectId && preset.Name == name)
                    .Select(preset => preset.Output).SingleOrDefaultAsync(token)),
            _ => Mutability.Mutable, cancellationToken))!.Value;

    /// <summary>Where the project's jobs deliver when they name no webhook URL of their own (settings.webhook.url).</summary>
    public async Task<string?> DefaultWebhookUrlAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(WebhookUrlKey(projectId), async token => new Stored<string>(
                await db.Projects.AsNoTracking().Where(project => project.Id == projectId)
                    .Select(project => project.WebhookUrl).SingleOrDefaultAsync(token)),
            _ => Mutability.Mutable, cancellationToken))!.Value;

    /// <summary>
    /// The project's own source pixel limit (settings.limits.max_source_pixels), null for the service's default: read
    /// for every queued job's command, inside the transaction that holds the job's row lock.
    /// </summary>
    public async Task<long?> MaxSourcePixelsAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(MaxSourcePixelsKey(projectId), async token => new PixelLimit(
                await db.Projects.AsNoTracking().Where(project => project.Id == projectId)
                    .Select(project => project.MaxSourcePixels).SingleOrDefaultAsync(token)),
            _ => Mutability.Mutable, cancellationToken))!.Value;

    public void WebhookUrlChanged(Guid projectId) => invalidation.Invalidate(WebhookUrlKey(projectId));

    public void MaxSourcePixelsChanged(Guid projectId) => invalidation.Invalidate(MaxSourcePixelsKey(projectId));

    public void AllowedDimensionsChanged(Guid projectId) => invalidation.Invalidate(AllowedDimensionsKey(projectId));

    public void PresetChanged(Guid projectId, string name) => invalidation.Invalidate(PresetKey(projectId, name));

    private static string AllowedDimensionsKey(Guid projectId) => $"project:{projectId:N}:allowed-dimensions";

    private static string WebhookUrlKey(Guid projectId) => $"project:{projectId:N}:webhook-url";

    private static string MaxSourcePixelsKey(Guid projectId) => $"project:{projectId:N}:max-source-pixels";

    private static string PresetKey(Guid projectId, string name) => $"project:{projectId:N}:preset:{name}";

    /// <summary>A read result that may be "none", so that absence is cached too.</summary>
    private sealed record Stored<T>(T? Value) where T : class;

    /// <summary>A limit that may be "none" (the service's default), as a cacheable reference.</summary>
    private sealed record PixelLimit(long? Value);
}
