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
/// as a member of its own project only. Endpoints that take a project id ask this instead of comparing claims
/// themselves, so adding another kind of caller (signed-in users with roles) changes this class alone.
/// </summary>
public sealed class ProjectAccess(PixelFlowDbContext db)
{
    /// <summary>True when <paramref name="user"/> holds at least <paramref name="role"/> on the live project.</summary>
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, Guid projectId, ProjectRole role, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(ApiKeyAuthenticationHandler.ProjectIdClaim) is { } keyProject)
        {
            return role == ProjectRole.Member && Guid.Parse(keyProject) == projectId
                && await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken);
        }

        return false;
    }
}
