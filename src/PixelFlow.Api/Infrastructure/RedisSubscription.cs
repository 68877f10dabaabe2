using StackExchange.Redis;

namespace PixelFlow.Api.Infrastructure;

/// <summary>
/// A Redis channel an API instance listens on for its whole life. It subscribes in the background and keeps trying, so
/// the API starts while Redis is down. Notices published while this instance was not subscribed are gone, so
/// <see cref="OnNoticesMissed"/> runs once subscribed and whenever the subscription's connection fails or comes back.
/// </summary>
public abstract class RedisSubscription(IConnectionMultiplexer redis, ILogger logger) : BackgroundService
{
    protected abstract RedisChannel Channel { get; }

    /// <summary>What the instance does meanwhile, for the log (e.g. "streams poll meanwhile").</summary>
    protected abstract string WhileUnsubscribed { get; }

    protected abstract void OnMessage(RedisChannel channel, RedisValue message);

    protected abstract void OnNoticesMissed();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionChanged;
        redis.ConnectionRestored += OnConnectionChanged;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(Channel, OnMessage);
                OnNoticesMissed();
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot subscribe to {Channel} yet ({Message}); {Meanwhile}", (string?)Channel, e.Message, WhileUnsubscribed);
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
            await redis.GetSubscriber().UnsubscribeAsync(Channel, OnMessage);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug("Unsubscribe from {Channel} failed: {Message}", (string?)Channel, e.Message);
        }

        await base.StopAsync(cancellationToken);
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            OnNoticesMissed();
        }
    }
}
