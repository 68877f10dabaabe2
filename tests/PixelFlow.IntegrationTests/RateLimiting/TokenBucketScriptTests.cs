using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.RateLimiting;
using PixelFlow.Tests.Infrastructure;
using Shouldly;
using StackExchange.Redis;

namespace PixelFlow.Tests.RateLimiting;

/// <summary>
/// The Lua token bucket against the real Redis: refill math, capacity cap, expiry. The script reads Redis' own clock
/// (TIME, so instances with skewed clocks agree), which no fake clock reaches: refill is measured over real waits.
/// </summary>
public sealed class TokenBucketScriptTests(ServersFixture servers)
{
    private IConnectionMultiplexer Redis => servers.Api.Services.GetRequiredService<IConnectionMultiplexer>();

    private static string NewBucket() => $"test-{Guid.NewGuid():N}";

    [Fact]
    public async Task AFullBucketAllowsCapacityRequestsThenReportsTheWaitForOneToken()
    {
        var buckets = new RedisTokenBucket(Redis);
        var bucket = NewBucket();

        var taken = new List<TokenBucketResult>();
        for (var i = 0; i < 4; i++)
        {
            taken.Add(await buckets.TakeAsync(bucket, capacity: 3, refillPerSecond: 0.01));
        }

        taken.Select(result => result.Allowed).ShouldBe([true, true, true, false]);
        taken.Take(3).Select(result => result.Remaining).ShouldBe([2L, 1L, 0L]);
        var denied = taken[^1];
        denied.Tokens.ShouldBeLessThan(0.01);
        // 1 token at 0.01/s: ~100 s; full (3 tokens): ~300 s.
        denied.RetryAfterSeconds.ShouldBeInRange(99, 100);
        denied.ResetSeconds.ShouldBeInRange(299, 300);
    }

    [Fact]
    public async Task TokensRefillContinuouslyAtTheConfiguredRate()
    {
        var buckets = new RedisTokenBucket(Redis);
        var bucket = NewBucket();
        TokenBucketResult drained;
        Stopwatch clock;
        do
        {
            // Started before the request: Redis read its clock for the take somewhere between send and reply.
            clock = Stopwatch.StartNew();
            drained = await buckets.TakeAsync(bucket, 5, 5);
        }
        while (drained.Tokens >= 1);

        await Task.Delay(300);
        var after = await buckets.TakeAsync(bucket, 5, 5);
        var elapsed = clock.Elapsed.TotalSeconds;

        after.Allowed.ShouldBeTrue();
        // Tokens before this take = drained + 5/s × the gap Redis measured (at least the 300 ms slept, at most what
        // the client measured from sending the draining take to the last reply), at 1 ms resolution.
        var refilled = after.Tokens + 1 - drained.Tokens;
        // (Task.Delay may wake up to a timer tick early, hence the lower bound of 290 ms.)
        refilled.ShouldBeInRange(5 * 0.29, 5 * elapsed + 0.05);
    }

    [Fact]
    public async Task AnIdleBucketFillsToCapacityAndNoFurther()
    {
        var buckets = new RedisTokenBucket(Redis);
        var bucket = NewBucket();
        await buckets.TakeAsync(bucket, 2, 20);
        await buckets.TakeAsync(bucket, 2, 20);

        await Task.Delay(500);
        var after = await buckets.TakeAsync(bucket, 2, 20);

        after.Tokens.ShouldBe(1);
        after.Remaining.ShouldBe(1);
    }

    [Fact]
    public async Task LoweringTheCapacityCapsTheTokensAlreadyStored()
    {
        var buckets = new RedisTokenBucket(Redis);
        var bucket = NewBucket();
        await buckets.TakeAsync(bucket, 100, 0.01);

        var after = await buckets.TakeAsync(bucket, 5, 0.01);

        after.Tokens.ShouldBe(4, tolerance: 0.01);
    }

    [Fact]
    public async Task TheBucketKeyExpiresOnceItWouldBeFullAgain()
    {
        var buckets = new RedisTokenBucket(Redis);
        var bucket = NewBucket();

        await buckets.TakeAsync(bucket, 10, 2);

        // One token missing at 2/s: full again in 0.5 s; the key lives that long plus a second.
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(RedisTokenBucket.KeyPrefix + bucket);
        ttl.ShouldNotBeNull();
        ttl.Value.TotalMilliseconds.ShouldBeInRange(1000, 1500);
    }
}
