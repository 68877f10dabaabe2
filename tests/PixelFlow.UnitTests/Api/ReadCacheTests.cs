using Microsoft.Extensions.Options;
using PixelFlow.Api.Caching;
using Shouldly;

namespace PixelFlow.Tests.Api;

public sealed class ReadCacheTests
{
    private sealed record Row(int Version);

    private static ReadCache CacheWith(int mutableSeconds = 60, int immutableSeconds = 300, int maxEntries = 100) =>
        new(Options.Create(new ReadCacheOptions
        {
            MutableSeconds = mutableSeconds, ImmutableSeconds = immutableSeconds, MaxEntries = maxEntries,
        }));

    [Fact]
    public async Task ASecondReadOfTheSameKeyIsServedWithoutReadingAgain()
    {
        using var cache = CacheWith();
        var reads = 0;

        for (var i = 0; i < 3; i++)
        {
            (await cache.GetOrReadAsync("job:1", _ => Task.FromResult<Row?>(new Row(++reads)), _ => Mutability.Mutable,
                CancellationToken.None))!.Version.ShouldBe(1);
        }

        reads.ShouldBe(1);
    }

    [Fact]
    public async Task AnEvictedKeyIsReadAgain()
    {
        using var cache = CacheWith();
        var version = 1;
        Task<Row?> Read(CancellationToken _) => Task.FromResult<Row?>(new Row(version));
        await cache.GetOrReadAsync("job:1", Read, _ => Mutability.Mutable, CancellationToken.None);

        version = 2;
        cache.Evict("job:1");

        (await cache.GetOrReadAsync("job:1", Read, _ => Mutability.Mutable, CancellationToken.None))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task AReadThatOverlapsAnEvictionIsReturnedButNotKept()
    {
        using var cache = CacheWith();
        var readStarted = new TaskCompletionSource();
        var finishRead = new TaskCompletionSource();
        var staleRead = cache.GetOrReadAsync("job:1", async _ =>
        {
            readStarted.SetResult();
            await finishRead.Task;
            return (Row?)new Row(1); // read before the change committed
        }, _ => Mutability.Mutable, CancellationToken.None);
        await readStarted.Task;

        cache.Evict("job:1"); // the change commits while the read is in flight
        finishRead.SetResult();

        (await staleRead)!.Version.ShouldBe(1);
        (await cache.GetOrReadAsync("job:1", _ => Task.FromResult<Row?>(new Row(2)), _ => Mutability.Mutable,
            CancellationToken.None))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task AReadIsKeptWhenOnlyOtherKeysWereEvictedMeanwhile()
    {
        using var cache = CacheWith();
        var finishRead = new TaskCompletionSource();
        var read = cache.GetOrReadAsync("job:1", async _ =>
        {
            await finishRead.Task;
            return (Row?)new Row(1);
        }, _ => Mutability.Mutable, CancellationToken.None);

        // Every instance hears every eviction of the deployment; other jobs changing must not keep this one uncached.
        // (Keys sharing job:1's stripe of eviction counters, 1 in 1024, would rightly refuse it: they are left out.)
        static uint Stripe(string key) => (uint)StringComparer.Ordinal.GetHashCode(key) % 1024;
        foreach (var other in Enumerable.Range(2, 20).Select(n => $"job:{n}").Where(key => Stripe(key) != Stripe("job:1")))
        {
            cache.Evict(other);
        }

        finishRead.SetResult();
        await read;

        cache.Count.ShouldBe(1);
    }

    [Fact]
    public async Task NothingIsKeptWhenAbsentOrWhenTheLifetimeIsZero()
    {
        using var cache = CacheWith(mutableSeconds: 0);
        await cache.GetOrReadAsync("job:none", _ => Task.FromResult<Row?>(null), _ => Mutability.Immutable, CancellationToken.None);
        await cache.GetOrReadAsync("job:running", _ => Task.FromResult<Row?>(new Row(1)), _ => Mutability.Mutable, CancellationToken.None);
        cache.Count.ShouldBe(0);

        await cache.GetOrReadAsync("job:done", _ => Task.FromResult<Row?>(new Row(1)), _ => Mutability.Immutable, CancellationToken.None);
        cache.Count.ShouldBe(1);
    }

    [Fact]
    public async Task EvictAllForgetsEveryEntry()
    {
        using var cache = CacheWith();
        foreach (var key in new[] { "a", "b", "c" })
        {
            await cache.GetOrReadAsync(key, _ => Task.FromResult<Row?>(new Row(1)), _ => Mutability.Immutable, CancellationToken.None);
        }

        cache.EvictAll();

        cache.Count.ShouldBe(0);
    }
}
