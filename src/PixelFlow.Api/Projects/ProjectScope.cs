using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace PixelFlow.Api.Projects;

/// <summary>
/// Lets a signed-in user call the project-scoped endpoints an API key calls (<c>/v1/jobs</c>, <c>/v1/events</c>,
/// <c>/v1/projects/current/*</c>, <c>/v1/usage</c>, webhook deliveries) by naming the project in the
/// <c>PixelFlow-Project</c> header, as OpenAI's <c>OpenAI-Project</c> header does: an API key is bound to its project,
/// a user is not. The token's user must be a member of that live project; the request then carries the same project
/// claim an API key's does, plus the user's role, so those endpoints need no second code path, and the owner-only
/// ones (<see cref="AdministratorPolicy"/>) refuse members. This is how the web console acts on a project.
/// </summary>
public static class ProjectScope
{
    public const string HeaderName = "PixelFlow-Project";

    /// <summary>The caller's role on the scoped project; absent for API keys.</summary>
    public const string RoleClaim = "pixelflow_project_role";

    /// <summary>Changes a project's settings: any API key of the project, or one of its owners.</summary>
    public const string AdministratorPolicy = "ProjectAdministrator";

    /// <summary>Adds the project claim to a validated user token when the request names a project the user belongs to.</summary>
    public static async Task ApplyAsync(TokenValidatedContext context)
    {
        if (context.Result?.Failure is not null || !context.Request.Headers.TryGetValue(HeaderName, out var header))
        {
            return;
        }

        if (!Guid.TryParse(header.ToString(), out var projectId))
        {
            context.Fail($"The {HeaderName} header must be a project id (a UUID), not '{header}'.");
            return;
        }

        var access = context.HttpContext.RequestServices.GetRequiredService<ProjectAccess>();
        var role = await access.RoleOfAsync(context.Principal!, projectId, context.HttpContext.RequestAborted);
        if (role is null)
        {
            context.Fail($"The {HeaderName} header names no project of yours ({projectId}).");
            return;
        }

        ((ClaimsIdentity)context.Principal!.Identity!).AddClaims(
        [
            new Claim(ApiKeyAuthenticationHandler.ProjectIdClaim, projectId.ToString()),
            new Claim(RoleClaim, role.Value.ToString().ToLowerInvariant()),
        ]);
    }

    public static void AddPolicies(AuthorizationOptions options) =>
        options.AddPolicy(AdministratorPolicy, policy => policy.RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.ProjectIdClaim)
            .RequireAssertion(context => context.User.FindFirstValue(RoleClaim) is null or "owner"));
}
