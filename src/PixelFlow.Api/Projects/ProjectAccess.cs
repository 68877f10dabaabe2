namespace PixelFlow.Api.Projects;

/// <summary>What a caller may do with a project named in a route (<c>/v1/projects/{id}/…</c>).</summary>
public enum ProjectRole
{
    /// <summary>Use the project: upload, create jobs, read files and usage.</summary>
    Member,

    /// <summary>Administer it: settings, keys, members, deletion.</summary>
    Owner,
}

/// <summary>
/// The one place that decides whether the authenticated caller may act on a project given by id: an API key acts
/// as a member of its own project only; a signed-in user holds the role its membership row gives it (owners can do
/// whatever members can). A deleted project grants nothing, except that its owners may restore it. Endpoints that
/// take a project id ask this instead of comparing claims themselves.
/// </summary>
public sealed class ProjectAccess(PixelFlowDbContext db)
{
    /// <summary>True when <paramref name="user"/> holds at least <paramref name="role"/> on the live project.</summary>
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, Guid projectId, ProjectRole role, CancellationToken cancellationToken) =>
        Satisfies(await RoleOfAsync(user, projectId, cancellationToken), role);

    /// <summary>
    /// Null when <paramref name="user"/> may act as <paramref name="role"/>; otherwise the answer: 404 when it has no
    /// access at all (another tenant's project looks like no project), 403 when it is a member asking for an owner action.
    /// </summary>
    public async Task<ProblemHttpResult?> RefusalAsync(ClaimsPrincipal user, Guid projectId, ProjectRole role,
        CancellationToken cancellationToken, bool deleted = false)
    {
        var held = await RoleOfAsync(user, projectId, cancellationToken, deleted);
        return held switch
        {
            null => ProblemResults.NotFound(deleted ? $"No deleted project {projectId} of yours." : $"No project {projectId}."),
            _ when Satisfies(held, role) => null,
            _ => ProblemResults.Forbidden($"Only the project's owners may do this; you are a {held.Value.ToString().ToLowerInvariant()}."),
        };
    }

    /// <summary>The role <paramref name="user"/> holds on the project (live, or deleted when <paramref name="deleted"/>), or null for none.</summary>
    public async Task<ProjectRole?> RoleOfAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken, bool deleted = false)
    {
        var projects = db.Projects.Where(p => p.Id == projectId && (deleted ? p.DeletedAt != null : p.DeletedAt == null));
        // A user first: a user's request may also carry a project claim (ProjectScope), which is not its role.
        if (user.UserId() is { } userId)
        {
            return await projects.SelectMany(p => p.Members).Where(m => m.UserId == userId)
                .Select(m => (ProjectRole?)m.Role).SingleOrDefaultAsync(cancellationToken);
        }

        if (user.FindFirstValue(ApiKeyAuthenticationHandler.ProjectIdClaim) is { } keyProject)
        {
            return Guid.Parse(keyProject) == projectId && await projects.AnyAsync(cancellationToken) ? ProjectRole.Member : null;
        }

        return null;
    }

    private static bool Satisfies(ProjectRole? held, ProjectRole wanted) =>
        held is { } role && (role == ProjectRole.Owner || wanted == ProjectRole.Member);
}
