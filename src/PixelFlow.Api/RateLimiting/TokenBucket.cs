using System.Globalization;
using StackExchange.Redis;

namespace PixelFlow.Api.RateLimiting;

/// <summary>
/// A token bucket per key in Redis, shared by every API instance. One Lua script reads, refills, takes and
/// writes atomically, and reads the clock with Redis' TIME: instances with skewed clocks still agree.
/// </summary>
public sealed class RedisTokenBucket(IConnectionMultiplexer redis)
{
    public const string KeyPrefix = "pixelflow:ratelimit:";

    /// <summary>
    /// State: hash {tokens, at (ms)}. The key expires once the bucket would be full again, since a missing bucket
    /// reads as a full one. Redis ≥ 5 replicates a script's effects, so calling TIME before writing is allowed.
    /// Numbers are returned as strings: Redis would truncate a Lua number reply to an integer.
    /// </summary>
    private static readonly LuaScript Script = LuaScript.Prepare("""
        local capacity = tonumber(@capacity)
        local rate = tonumber(@rate)
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local state = redis.call('HMGET', @key, 'tokens', 'at')
        local tokens = tonumber(state[1]) or capacity
        local at = tonumber(state[2]) or now
        if now > at then
          tokens = tokens + (now - at) * rate / 1000
          at = now
        end
        tokens = math.min(capacity, tokens)
        local allowed = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        end
        redis.call('HSET', @key, 'tokens', tostring(tokens), 'at', tostring(at))
        redis.call('PEXPIRE', @key, math.ceil((capacity - tokens) / rate * 1000) + 1000)
        return { allowed, tostring(tokens) }
        """);

    /// <summary>Takes one token from <paramref name="bucket"/>, or reports when the next one comes.</summary>
    /// <exception cref="RedisException">Redis is unreachable or refused the script.</exception>
    /// <exception cref="TimeoutException">Redis did not answer in time.</exception>
    public async Task<TokenBucketResult> TakeAsync(string bucket, int capacity, double refillPerSecond)
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, new
        {
            key = (RedisKey)(KeyPrefix + bucket),
            capacity,
            rate = refillPerSecond.ToString("R", CultureInfo.InvariantCulture),
        }))!;
        var tokens = double.Parse((string)reply[1]!, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new TokenBucketResult((long)reply[0] == 1, tokens, capacity, refillPerSecond);
    }
}

/// <summary>The outcome of taking a token, and the header values it implies.</summary>
/// <param name="Tokens">Tokens left after this request (fractional: refill is continuous).</param>
public sealed record TokenBucketResult(bool Allowed, double Tokens, int Capacity, double RefillPerSecond)
{
    /// <summary>Whole requests that may be made right now.</summary>
    public long Remaining => (long)Math.Floor(Tokens);

    /// <summary>Seconds until the bucket is full again (rounded up): the burst is fully available after it.</summary>
    public long ResetSeconds => (long)Math.Ceiling(Math.Max(0, Capacity - Tokens) / RefillPerSecond);

    /// <summary>Seconds until the next token (rounded up, at least 1); 0 when the request was allowed.</summary>
    public long RetryAfterSeconds => Allowed ? 0 : Math.Max(1, (long)Math.Ceiling((1 - Tokens) / RefillPerSecond));
}
