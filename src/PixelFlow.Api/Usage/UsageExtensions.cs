namespace PixelFlow.Api.Usage;

public static class UsageExtensions
{
    /// <summary>Usage metering (a record per finished job) and the report behind <c>GET /v1/usage</c>.</summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IJobChangeHandler, UsageRecorder>();
        builder.Services.AddScoped<UsageReports>();
        return builder;
    }

    /// <summary><c>GET /v1/usage</c>.</summary>
    public static RouteGroupBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/usage").WithTags("Usage").RequireAuthorization();
        api.MapGet("/", UsageApi.GetUsage)
            .WithName("GetUsage")
            .WithSummary("Finished jobs, pixels, bytes and compute time per UTC day (from/to inclusive, YYYY-MM-DD); group_by=key|user adds totals per creator");
        return api;
    }
}
