using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace PixelFlow.Api.Caching;

/// <summary>How long a value read from the database may be served again.</summary>
public enum Mutability
{
    /// <summary>Can still change: kept for <see cref="ReadCacheOptions.MutableSeconds"/>.</summary>
    Mutable,

    /// <summary>Can no longer change: kept for <see cref="ReadCacheOptions.ImmutableSeconds"/> after its last read.</summary>
    Immutable,
}

/// <summary>
/// What this API instance remembers of rows read on nearly every request (a polled job, a project's rules, an API
/// key), so that a hot read costs no database round trip. Values are shared between requests and must not be
/// modified. Writers evict through <see cref="CacheInvalidation"/>, which also evicts on every other instance.
/// A read that overlaps an eviction is returned but not stored: the value it read may predate the change.
/// </summary>
public sealed class ReadCache : IDisposable
{
    private readonly MemoryCache _entries;
    private readonly ReadCacheOptions _options;
    private long _evictions;

    public ReadCache(IOptions<ReadCacheOptions> options)
    {
        _options = options.Value;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _options.MaxEntries) });
    }

    /// <summary>Entries held now (diagnostics and tests).</summary>
    public long Count => _entries.Count;

    /// <summary>
    /// The cached value of <paramref name="key"/>, or what <paramref name="read"/> returns (stored unless null or
    /// evicted meanwhile), kept as long as <paramref name="mutability"/> says.
    /// </summary>
    public async Task<T?> GetOrReadAsync<T>(string key, Func<CancellationToken, Task<T?>> read, Func<T, Mutability> mutability,
        CancellationToken cancellationToken) where T : class
    {
        if (_entries.TryGetValue(key, out T? cached))
        {
            return cached;
        }

        var evictionsBefore = Interlocked.Read(ref _evictions);
        var value = await read(cancellationToken);
        if (value is not null && Interlocked.Read(ref _evictions) == evictionsBefore)
        {
            Store(key, value, mutability(value));
        }

        return value;
    }

    /// <summary>Forgets <paramref name="key"/> on this instance only (see <see cref="CacheInvalidation"/>).</summary>
    public void Evict(string key)
    {
        Interlocked.Increment(ref _evictions);
        _entries.Remove(key);
    }

    /// <summary>Forgets everything on this instance, e.g. when evictions from other instances may have been missed.</summary>
    public void EvictAll()
    {
        Interlocked.Increment(ref _evictions);
        _entries.Clear();
    }

    public void Dispose() => _entries.Dispose();

    private void Store<T>(string key, T value, Mutability mutability)
    {
        var options = _options;
        if (options.MaxEntries == 0)
        {
            return;
        }

        var entry = new MemoryCacheEntryOptions { Size = 1 };
        if (mutability == Mutability.Immutable)
        {
            if (options.ImmutableSeconds == 0)
            {
                return;
            }

            entry.SlidingExpiration = TimeSpan.FromSeconds(options.ImmutableSeconds);
        }
        else
        {
            if (options.MutableSeconds == 0)
            {
                return;
            }

            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.MutableSeconds);
        }

        _entries.Set(key, value, entry);
    }
}
