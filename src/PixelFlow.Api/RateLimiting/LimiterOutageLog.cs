namespace PixelFlow.Api.RateLimiting;

/// <summary>
/// Logs a Redis outage of the rate limiter once when it starts and once, with a summary, when it ends: during an
/// outage every request passes unlimited, and a warning with a stack trace for each of them buried everything else.
/// </summary>
public sealed class LimiterOutageLog(ILogger<LimiterOutageLog> logger, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private long _unlimited;

    /// <summary>A request passed unlimited because Redis could not be asked.</summary>
    public void PassedUnlimited(Exception error)
    {
        lock (_gate)
        {
            _unlimited++;
            if (_since is not null)
            {
                return;
            }

            _since = clock.GetUtcNow();
        }

        logger.LogWarning(error, "Rate limiting is off: Redis is unavailable ({Error}); requests pass unlimited until it is back",
            error.Message);
    }

    /// <summary>Redis answered: ends an outage in progress.</summary>
    public void Answered()
    {
        DateTimeOffset since;
        long unlimited;
        lock (_gate)
        {
            if (_since is not { } started)
            {
                return;
            }

            (since, unlimited, _since, _unlimited) = (started, _unlimited, null, 0);
        }

        logger.LogWarning("Rate limiting is back: Redis answered again after {Seconds:0.0} s, during which {Requests} requests passed unlimited",
            (clock.GetUtcNow() - since).TotalSeconds, unlimited);
    }
}
