using Microsoft.Extensions.Caching.Memory;
using PixelFlow.Api.Extensions;

namespace PixelFlow.Api.RateLimiting;

/// <summary>A project's effective limits; <see cref="IsDefault"/> when it has none of its own.</summary>
public sealed record RateLimitSettings(int Capacity, double RefillPerSecond, bool IsDefault);

/// <summary>
/// Reads and writes projects' rate limits, keeping them in memory for
/// <see cref="RateLimitingOptions.SettingsCacheSeconds"/>: every authenticated request needs them, and they
/// rarely change.
/// </summary>
public sealed class ProjectRateLimits(IMemoryCache cache, IOptionsMonitor<RateLimitingOptions> options)
{
    public async Task<RateLimitSettings> GetAsync(PixelFlowDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(projectId), out RateLimitSettings? cached) && cached is not null)
        {
            return cached;
        }

        var stored = await db.Projects.AsNoTracking()
            .Where(project => project.Id == projectId)
            .Select(project => new { project.RateLimitCapacity, project.RateLimitRefillPerSecond })
            .SingleOrDefaultAsync(cancellationToken);
        return Remember(projectId, stored?.RateLimitCapacity, stored?.RateLimitRefillPerSecond);
    }

    /// <summary>Stores a project's own limits; null values return it to the defaults.</summary>
    public async Task<RateLimitSettings> SetAsync(PixelFlowDbContext db, Guid projectId, int? capacity, double? refillPerSecond,
        CancellationToken cancellationToken)
    {
        await db.Projects.Where(project => project.Id == projectId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(project => project.RateLimitCapacity, capacity)
                .SetProperty(project => project.RateLimitRefillPerSecond, refillPerSecond), cancellationToken);
        return Remember(projectId, capacity, refillPerSecond);
    }

    private RateLimitSettings Remember(Guid projectId, int? capacity, double? refillPerSecond)
    {
        var defaults = options.CurrentValue;
        var settings = new RateLimitSettings(capacity ?? defaults.DefaultCapacity,
            refillPerSecond ?? defaults.DefaultRefillPerSecond, capacity is null && refillPerSecond is null);
        if (defaults.SettingsCacheSeconds > 0)
        {
            cache.Set(CacheKey(projectId), settings, TimeSpan.FromSeconds(defaults.SettingsCacheSeconds));
        }

        return settings;
    }

    private static string CacheKey(Guid projectId) => $"pixelflow:rate-limit-settings:{projectId:N}";
}
