using Microsoft.AspNetCore.OpenApi;

namespace PixelFlow.Api.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>Per-API-key token buckets in Redis (section <c>RateLimiting</c>, see <see cref="RateLimitingOptions"/>).</summary>
    public static IHostApplicationBuilder AddRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitingOptions>(RateLimitingOptions.SectionName);
        builder.Services.AddSingleton<RedisTokenBucket>();
        builder.Services.AddSingleton<ProjectRateLimits>();
        builder.Services.AddSingleton<LimiterOutageLog>();
        builder.Services.Configure<OpenApiOptions>("v1",
            options => options.AddOperationTransformer<RateLimitOpenApi>());
        return builder;
    }

    /// <summary>
    /// Limits authenticated API requests (place after authentication and authorization, so the API key is known
    /// and requests it rejects cost no token) and maps the project's rate-limit settings endpoints.
    /// </summary>
    public static WebApplication UseApiRateLimiting(this WebApplication app)
    {
        app.UseMiddleware<RateLimitingMiddleware>();
        app.MapRateLimitApi();
        return app;
    }
}
