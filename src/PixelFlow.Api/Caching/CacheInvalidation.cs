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

/// <summary>
/// Listens for other instances' evictions. While the subscription is down their notices are lost, so the whole
/// cache is dropped when the connection fails and again when it is restored.
/// </summary>
public sealed class CacheInvalidationSubscriber(IConnectionMultiplexer redis, ReadCache cache, ILogger<CacheInvalidationSubscriber> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionChanged;
        redis.ConnectionRestored += OnConnectionChanged;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(CacheInvalidation.Channel, (_, key) => cache.Evict(key!));
                cache.EvictAll();
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot subscribe to read-cache evictions yet ({Message}); cached rows expire on their own meanwhile", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionChanged;
        redis.ConnectionRestored -= OnConnectionChanged;
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(CacheInvalidation.Channel);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug("Unsubscribe from read-cache evictions failed: {Message}", e.Message);
        }

        await base.StopAsync(cancellationToken);
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            cache.EvictAll();
        }
    }
}
