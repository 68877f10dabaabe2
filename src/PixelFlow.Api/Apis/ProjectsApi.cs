using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PixelFlow.Api.Auth;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Model;
using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Apis;

/// <summary>A project's rate limit; null fields mean the service default.</summary>
public sealed record RateLimitResponse(int? Capacity, double? RefillPerSecond);

/// <summary>The API key's project.</summary>
/// <param name="WebhookSecret">Standard Webhooks signing secret (<c>whsec_…</c>); verify <c>webhook-signature</c> with it.</param>
/// <param name="PreviousWebhookSecretExpiresAt">While a rotation overlaps, deliveries carry a second signature made with
/// the previous secret until this time; null otherwise.</param>
/// <param name="AllowedDimensions">When set, the only output sizes jobs may request.</param>
public sealed record ProjectResponse(
    Guid ProjectId,
    string Name,
    DateTimeOffset CreatedAt,
    string WebhookSecret,
    DateTimeOffset? PreviousWebhookSecretExpiresAt,
    RateLimitResponse RateLimit,
    IReadOnlyList<AllowedDimension>? AllowedDimensions);

/// <summary>Dependencies of the project endpoints, bound with [AsParameters].</summary>
public sealed class ProjectApiServices(PixelFlowDbContext db, ProjectWebhookSecrets secrets)
{
    public PixelFlowDbContext Db { get; } = db;
    public ProjectWebhookSecrets Secrets { get; } = secrets;
}

/// <summary><c>/v1/projects/current</c>: the project the API key belongs to.</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/projects/current").WithTags("Projects").RequireAuthorization();
        api.MapGet("/", GetCurrentProject)
            .WithName("GetCurrentProject")
            .WithSummary("The API key's project, including its webhook signing secret");
        api.MapPost("/webhook-secret/rotate", RotateWebhookSecret)
            .WithName("RotateWebhookSecret")
            .WithSummary("Replace the webhook signing secret; the old one keeps signing during the overlap");
        return app;
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetCurrentProject(
        ClaimsPrincipal user, [AsParameters] ProjectApiServices services, CancellationToken cancellationToken) =>
        Respond(await services.Secrets.LoadAsync(services.Db, user.ProjectId(), cancellationToken), services.Secrets);

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> RotateWebhookSecret(
        ClaimsPrincipal user, [AsParameters] ProjectApiServices services, CancellationToken cancellationToken) =>
        Respond(await services.Secrets.RotateAsync(services.Db, user.ProjectId(), cancellationToken), services.Secrets);

    private static Results<Ok<ProjectResponse>, ProblemHttpResult> Respond(Project? project, ProjectWebhookSecrets secrets) =>
        project is null
            // Only if the project was deleted after the key authenticated.
            ? Problems.NotFound("The API key's project no longer exists.")
            : TypedResults.Ok(new ProjectResponse(project.Id, project.Name, project.CreatedAt, project.WebhookSecret!,
                secrets.PreviousSecretExpiresAt(project),
                new RateLimitResponse(project.RateLimitCapacity, project.RateLimitRefillPerSecond),
                project.AllowedDimensions));
}
