using PixelFlow.Api.Caching;

namespace PixelFlow.Api.Auth;

/// <summary>What authentication needs of a stored, unrevoked key.</summary>
public sealed record ActiveApiKey(Guid Id, Guid ProjectId, string Prefix, byte[] SecretHash, DateTimeOffset? ExpiresAt);

/// <summary>
/// Looks up active keys by their visible prefix through the instance's <see cref="ReadCache"/>: every request
/// presents a key, and without it each request would cost a database round trip. Whatever revokes a key evicts
/// <see cref="KeyFor"/> through <see cref="CacheInvalidation"/> (<see cref="Forget"/>), and so does deleting the key's
/// project; a key revoked behind the API's back (SQL) still works for at most <see cref="ReadCacheOptions.MutableSeconds"/>.
/// </summary>
public sealed class ActiveApiKeys(ReadCache cache, CacheInvalidation invalidation)
{
    private static readonly Func<PixelFlowDbContext, string, CancellationToken, Task<ActiveApiKey?>> ReadKey =
        EF.CompileAsyncQuery((PixelFlowDbContext db, string prefix, CancellationToken _) =>
            db.ApiKeys.AsNoTracking()
                .Where(key => key.Prefix == prefix && key.RevokedAt == null && key.Project!.DeletedAt == null)
                .Select(key => new ActiveApiKey(key.Id, key.ProjectId, key.Prefix, key.SecretHash, key.ExpiresAt))
                .SingleOrDefault());

    public static string KeyFor(string prefix) => $"api-key:{prefix}";

    /// <summary>Makes every instance read the keys again: they were revoked, or their project was deleted or restored.</summary>
    public void Forget(IEnumerable<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            invalidation.Invalidate(KeyFor(prefix));
        }
    }

    public Task<ActiveApiKey?> FindAsync(PixelFlowDbContext db, string prefix, CancellationToken cancellationToken) =>
        cache.GetOrReadAsync(KeyFor(prefix), token => ReadKey(db, prefix, token), _ => Mutability.Mutable, cancellationToken);
}
