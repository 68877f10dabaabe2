using Microsoft.Extensions.Caching.Memory;

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
/// A read that overlaps an eviction of its key is returned but not stored: the value it read may predate the change.
/// </summary>
public sealed class ReadCache : IDisposable
{
    private readonly MemoryCache _entries;
    private readonly ReadCacheOptions _options;

    /// <summary>
    /// Evictions counted per stripe of keys (a key's hash picks its stripe), so that a read is refused storage only
    /// when its own key (or one sharing its stripe) was evicted meanwhile: every instance hears every eviction of the
    /// deployment, and one counter for all keys would keep a busy deployment's cache almost empty.
    /// </summary>
    private readonly long[] _evictions = new long[1024];

    /// <summary>Counts <see cref="EvictAll"/>, which overlaps every read.</summary>
    private long _clears;

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

        var stripe = Stripe(key);
        var (evictionsBefore, clearsBefore) = (Interlocked.Read(ref _evictions[stripe]), Interlocked.Read(ref _clears));
        var value = await read(cancellationToken);
        if (value is not null && Interlocked.Read(ref _evictions[stripe]) == evictionsBefore && Interlocked.Read(ref _clears) == clearsBefore)
        {
            Store(key, value, mutability(value));
        }

        return value;
    }

    /// <summary>Forgets <paramref name="key"/> on this instance only (see <see cref="CacheInvalidation"/>).</summary>
    public void Evict(string key)
    {
        Interlocked.Increment(ref _evictions[Stripe(key)]);
        _entries.Remove(key);
    }

    /// <summary>Forgets everything on this instance, e.g. when evictions from other instances may have been missed.</summary>
    public void EvictAll()
    {
        Interlocked.Increment(ref _clears);
        _entries.Clear();
    }

    public void Dispose() => _entries.Dispose();

    private int Stripe(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_evictions.Length);

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
