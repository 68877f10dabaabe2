namespace PixelFlow.Api.RateLimiting;

/// <summary><c>/v1/projects/current/rate-limit</c>: the API key's project reads and sets its token bucket.</summary>
public static class RateLimitApi
{
    private const int MaxBodyBytes = 4 * 1024;

    public static RouteGroupBuilder MapRateLimitApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/projects/current/rate-limit").WithTags("Rate limits").RequireAuthorization();
        api.MapGet("/", GetRateLimit)
            .WithName("GetRateLimit")
            .WithSummary("The token bucket every API key of this project gets");
        api.MapPut("/", SetRateLimit).RequireAuthorization(Projects.ProjectScope.AdministratorPolicy)
            .WithBodyLimit(MaxBodyBytes)
            .WithName("SetRateLimit")
            .WithSummary("Set the project's bucket capacity and refill rate (up to the operator's ceilings)");
        return api;
    }

    public static async Task<Ok<RateLimitResponse>> GetRateLimit(ClaimsPrincipal user, PixelFlowDbContext db,
        ProjectRateLimits limits, CancellationToken cancellationToken) =>
        TypedResults.Ok(RateLimitResponse.From(await limits.GetAsync(db, user.ProjectId(), cancellationToken)));

    public static async Task<Results<Ok<RateLimitResponse>, ValidationProblem>> SetRateLimit(
        RateLimitRequest body, ClaimsPrincipal user, PixelFlowDbContext db, ProjectRateLimits limits,
        IOptionsMonitor<RateLimitingOptions> options, CancellationToken cancellationToken)
    {
        var errors = Validate(body, options.CurrentValue);
        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var settings = await limits.SetAsync(db, user.ProjectId(), body.Capacity, body.RefillPerSecond, cancellationToken);
        return TypedResults.Ok(RateLimitResponse.From(settings));
    }

    public static Dictionary<string, string[]> Validate(RateLimitRequest request, RateLimitingOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Capacity is not { } capacity)
        {
            errors["capacity"] = ["Required: the most requests an API key may make in a burst."];
        }
        else if (capacity < 1 || capacity > options.MaxCapacity)
        {
            errors["capacity"] = [$"Must be between 1 and {options.MaxCapacity}."];
        }

        if (request.RefillPerSecond is not { } refill)
        {
            errors["refill_per_second"] = ["Required: the sustained requests per second of an API key."];
        }
        else if (!double.IsFinite(refill) || refill < RateLimitingOptions.MinRefillPerSecond || refill > options.MaxRefillPerSecond)
        {
            errors["refill_per_second"] = [$"Must be between {RateLimitingOptions.MinRefillPerSecond} and {options.MaxRefillPerSecond}."];
        }

        return errors;
    }
}

/// <summary>Body of <c>PUT /v1/projects/current/rate-limit</c>.</summary>
public sealed record RateLimitRequest(int? Capacity, double? RefillPerSecond);

/// <summary>A project's token bucket; <c>is_default</c> when the service defaults apply.</summary>
public sealed record RateLimitResponse(int Capacity, double RefillPerSecond, bool IsDefault)
{
    public static RateLimitResponse From(RateLimitSettings settings) =>
        new(settings.Capacity, settings.RefillPerSecond, settings.IsDefault);
}
