using PixelFlow.Api.Caching;

namespace PixelFlow.Api.RateLimiting;

/// <summary>A project's effective limits; <see cref="IsDefault"/> when it has none of its own.</summary>
public sealed record RateLimitSettings(int Capacity, double RefillPerSecond, bool IsDefault);

/// <summary>
/// Reads and writes projects' rate limits. Every authenticated request needs them and they rarely change, so reads go
/// through the instance's <see cref="ReadCache"/> and a write evicts them on every instance.
/// </summary>
public sealed class ProjectRateLimits(ReadCache cache, CacheInvalidation invalidation, IOptionsMonitor<RateLimitingOptions> options)
{
    public async Task<RateLimitSettings> GetAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        var stored = await cache.GetOrReadAsync(CacheKey(projectId), token => db.Projects.AsNoTracking()
                .Where(project => project.Id == projectId)
                .Select(project => new StoredLimits(project.RateLimitCapacity, project.RateLimitRefillPerSecond))
                .SingleOrDefaultAsync(token),
            _ => Mutability.Mutable, cancellationToken);
        return Effective(stored?.Capacity, stored?.RefillPerSecond);
    }

    /// <summary>Stores a project's own limits; null values return it to the defaults.</summary>
    public async Task<RateLimitSettings> SetAsync(PixelFlowDbContext db, Guid projectId, int? capacity, double? refillPerSecond,
        CancellationToken cancellationToken)
    {
        await db.Projects.Where(project => project.Id == projectId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(project => project.RateLimitCapacity, capacity)
                .SetProperty(project => project.RateLimitRefillPerSecond, refillPerSecond), cancellationToken);
        invalidation.Invalidate(CacheKey(projectId));
        return Effective(capacity, refillPerSecond);
    }

    /// <summary>Makes every instance read the project's limits again (they were written with the rest of the project).</summary>
    public void Changed(Guid projectId) => invalidation.Invalidate(CacheKey(projectId));

    private RateLimitSettings Effective(int? capacity, double? refillPerSecond)
    {
        var defaults = options.CurrentValue;
        return new RateLimitSettings(capacity ?? defaults.DefaultCapacity,
            refillPerSecond ?? defaults.DefaultRefillPerSecond, capacity is null && refillPerSecond is null);
    }

    private static string CacheKey(Guid projectId) => $"project:{projectId:N}:rate-limits";

    private sealed record StoredLimits(int? Capacity, double? RefillPerSecond);
}
