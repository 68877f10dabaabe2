using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Projects;

/// <summary><c>/v1/projects/current</c>: the project the API key belongs to.</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/projects/current").WithTags("Projects").RequireAuthorization();
        api.MapGet("/", GetCurrentProject).RequireAuthorization(ProjectScope.AdministratorPolicy)
            .WithName("GetCurrentProject")
            .WithSummary("The API key's project, including its webhook signing secret");
        api.MapPost("/webhook-secret/rotate", RotateWebhookSecret).RequireAuthorization(ProjectScope.AdministratorPolicy)
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
            ? ProblemResults.NotFound("The API key's project no longer exists.")
            : TypedResults.Ok(new ProjectResponse(project.Id, project.Name, project.CreatedAt, project.WebhookSecret!,
                secrets.PreviousSecretExpiresAt(project),
                new RateLimitResponse(project.RateLimitCapacity, project.RateLimitRefillPerSecond),
                project.AllowedDimensions));
}
