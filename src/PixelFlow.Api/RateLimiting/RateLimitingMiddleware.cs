using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using StackExchange.Redis;

namespace PixelFlow.Api.RateLimiting;

/// <summary>
/// Takes a token from the API key's bucket for every request to an endpoint that requires an API key, and
/// answers 429 when there is none. Endpoints without authorization (health, docs, problem pages) are never
/// limited. Every limited response carries <c>RateLimit-Limit</c> (capacity), <c>RateLimit-Remaining</c>
/// (whole tokens left) and <c>RateLimit-Reset</c> (seconds until the bucket is full again).
/// When Redis is unreachable requests pass unlimited and without those headers (fail open): an outage of the
/// limiter must not become an outage of the API.
/// </summary>
public sealed class RateLimitingMiddleware(
    RequestDelegate next,
    RedisTokenBucket buckets,
    ProjectRateLimits limits,
    ApiMetrics metrics,
    IOptionsMonitor<RateLimitingOptions> options,
    LimiterOutageLog outageLog)
{
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";

    public async Task InvokeAsync(HttpContext context, PixelFlowDbContext db)
    {
        var keyPrefix = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyPrefixClaim)?.Value;
        var endpoint = context.GetEndpoint();
        if (!options.CurrentValue.Enabled || keyPrefix is null || endpoint?.Metadata.GetMetadata<IAuthorizeData>() is null ||
            endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }

        var settings = await limits.GetAsync(db, context.User.ProjectId(), context.RequestAborted);
        var result = await TryTakeAsync(keyPrefix, settings);
        if (result is null)
        {
            await next(context);
            return;
        }

        var headers = context.Response.Headers;
        headers[LimitHeader] = result.Capacity.ToString(CultureInfo.InvariantCulture);
        headers[RemainingHeader] = result.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[ResetHeader] = result.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        if (result.Allowed)
        {
            await next(context);
            return;
        }

        metrics.RateLimitRejected();
        headers.RetryAfter = result.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await ProblemResults.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests",
                $"This API key may burst {result.Capacity} requests and then make {result.RefillPerSecond:0.###} a second; " +
                $"retry after {result.RetryAfterSeconds} s.")
            .ExecuteAsync(context);
    }

    private async Task<TokenBucketResult?> TryTakeAsync(string keyPrefix, RateLimitSettings settings)
    {
        try
        {
            var result = await buckets.TakeAsync(keyPrefix, settings.Capacity, settings.RefillPerSecond);
            outageLog.Answered();
            return result;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            outageLog.PassedUnlimited(e);
            return null;
        }
    }
}
