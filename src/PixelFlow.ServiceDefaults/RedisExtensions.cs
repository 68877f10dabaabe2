using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Redis as the API and the worker both use it.</summary>
public static class RedisExtensions
{
    /// <summary>
    /// Aspire's Redis client (<c>IConnectionMultiplexer</c> from <c>ConnectionStrings__{connectionName}</c>, settings in
    /// <c>Aspire:StackExchange:Redis</c>) with its health check and tracing; the check reports as <paramref name="connectionName"/>.
    /// </summary>
    public static TBuilder AddRedisConnection<TBuilder>(this TBuilder builder, string connectionName = "redis")
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient(connectionName, configureOptions: options =>
        {
            // Start even while Redis is unreachable (Aspire's default too): the multiplexer reconnects and /health
            // reports it. The timeouts are stated, not inherited, because callers that fail open on a dead Redis (the
            // rate limiter, the status mirror) wait this long per call.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 5000;
            options.SyncTimeout = 5000;
        });
        builder.ReportHealthCheckAs("StackExchange.Redis", connectionName, "ready");
        return builder;
    }
}
