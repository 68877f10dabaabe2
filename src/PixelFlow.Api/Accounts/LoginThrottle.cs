using PixelFlow.Api.RateLimiting;
using StackExchange.Redis;

namespace PixelFlow.Api.Accounts;

/// <summary>
/// Limits login attempts per client IP and per email address with the API's shared Redis token buckets: the
/// per-email bucket slows guessing one account's password from many addresses before lockout, the per-IP bucket
/// slows trying many accounts from one. Each bucket bursts its limit and refills it every minute. Like the API
/// key limiter it fails open when Redis is unreachable; account lockout still holds then.
/// </summary>
public sealed class LoginThrottle(RedisTokenBucket buckets, IOptionsMonitor<AuthOptions> options, LimiterOutageLog outageLog)
{
    /// <summary>Seconds until the next attempt is allowed, or null when this one may proceed.</summary>
    public async Task<long?> RetryAfterAsync(HttpContext context, string normalizedEmail)
    {
        var settings = options.CurrentValue;
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        try
        {
            var byIp = await buckets.TakeAsync($"login:ip:{ip}", settings.LoginAttemptsPerIp, settings.LoginAttemptsPerIp / 60.0);
            var byEmail = await buckets.TakeAsync($"login:email:{normalizedEmail}", settings.LoginAttemptsPerEmail, settings.LoginAttemptsPerEmail / 60.0);
            outageLog.Answered();
            return byIp.Allowed && byEmail.Allowed ? null : Math.Max(byIp.RetryAfterSeconds, byEmail.RetryAfterSeconds);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            outageLog.PassedUnlimited(e);
            return null;
        }
    }
}
