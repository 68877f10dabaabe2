using StackExchange.Redis;

namespace PixelFlow.Api.Caching;

/// <summary>
/// Evicts a changed row from the <see cref="ReadCache"/> of this instance at once and of every other instance
/// through Redis. The notice is fire and forget: the writer never waits on Redis, and a lost notice leaves another
/// instance serving the old row for at most <see cref="ReadCacheOptions.MutableSeconds"/>.
/// </summary>
public sealed class CacheInvalidation(ReadCache cache, IConnectionMultiplexer redis, ILogger<CacheInvalidation> logger)
{
    /// <summary>The channel every instance listens on; a message is one cache key.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("pixelflow:read-cache:evict");

    public void Invalidate(string key)
    {
        cache.Evict(key);
        try
        {
            redis.GetSubscriber().Publish(Channel, key, CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            logger.LogWarning("Could not tell other instances to forget {Key} ({Message}); they may serve it for up to ReadCache:MutableSeconds",
                key, e.Message);
        }
    }
}

/// <summary>Listens for other instances' evictions; when some may have been missed, forgets the whole cache.</summary>
public sealed class CacheInvalidationSubscriber(IConnectionMultiplexer redis, ReadCache cache, ILogger<CacheInvalidationSubscriber> logger)
    : RedisSubscription(redis, logger)
{
    protected override RedisChannel Channel => CacheInvalidation.Channel;

    protected override string WhileUnsubscribed => "cached rows expire on their own meanwhile";

    protected override void OnMessage(RedisChannel channel, RedisValue key) => cache.Evict(key!);

    protected override void OnNoticesMissed() => cache.EvictAll();
}
