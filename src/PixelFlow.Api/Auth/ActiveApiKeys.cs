using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PixelFlow.Api.Extensions;

namespace PixelFlow.Api.Auth;

/// <summary>What authentication needs of a stored, unrevoked key.</summary>
public sealed record ActiveApiKey(Guid ProjectId, string Prefix, byte[] SecretHash);

public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// How long an instance trusts what it read of a key. Every request presents one, so without this each request
    /// costs a database round trip; kept short because it is also how long a revoked key still works on an
    /// instance that read it before (no message between instances is needed for a bound of seconds).
    /// </summary>
    [Range(0, 60)]
    public int KeyCacheSeconds { get; set; } = 2;
}

/// <summary>Looks up active keys by their visible prefix, through a short in-memory cache (<see cref="ApiKeyOptions"/>).</summary>
public sealed class ActiveApiKeys(IMemoryCache cache, IOptionsMonitor<ApiKeyOptions> options)
{
    public async Task<ActiveApiKey?> FindAsync(PixelFlowDbContext db, string prefix, CancellationToken cancellationToken)
    {
        var seconds = options.CurrentValue.KeyCacheSeconds;
        if (seconds == 0)
        {
            return await ReadAsync(db, prefix, cancellationToken);
        }

        return await cache.GetOrCreateAsync($"pixelflow:api-key:{prefix}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds);
            return ReadAsync(db, prefix, cancellationToken);
        });
    }

    private static Task<ActiveApiKey?> ReadAsync(PixelFlowDbContext db, string prefix, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking()
            .Where(key => key.Prefix == prefix && key.RevokedAt == null)
            .Select(key => new ActiveApiKey(key.ProjectId, key.Prefix, key.SecretHash))
            .SingleOrDefaultAsync(cancellationToken);
}
