using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Projects;

/// <summary>
/// <c>/v1/projects</c> and <c>/v1/projects/{id}</c>: the projects of signed-in users (an API key sees its own project
/// as a member). Who may do what is <see cref="ProjectAccess"/>'s decision alone.
/// </summary>
public static class UserProjectsApi
{
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapUserProjectsApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/projects").WithTags("Projects").RequireAuthorization(CallerPolicies.SignedInUser);
        users.MapPost("/", CreateProject).WithBodyLimit(MaxBodyBytes).WithName("CreateProject")
            .WithSummary("Create a project; the caller becomes its owner");
        users.MapGet("/", ListProjects).WithName("ListProjects").WithSummary("The projects the caller owns or is a member of");

        var project = app.MapGroup("/v1/projects/{id:guid}").WithTags("Projects").RequireAuthorization(CallerPolicies.AnyCaller);
        project.MapGet("/", GetProject).WithName("GetProject").WithSummary("A project (members and its API keys)");
        project.MapPatch("/", UpdateProject).WithBodyLimit(MaxBodyBytes).WithName("UpdateProject")
            .WithSummary("Replace each top-level field named (name, settings, quotas); owners only");
        project.MapDelete("/", DeleteProject).WithName("DeleteProject")
            .WithSummary("Delete the project (soft): hidden at once, every API key stops working; restorable within Cleanup:Retention");
        project.MapPost("/restore", RestoreProject).WithName("RestoreProject")
            .WithSummary("Bring a deleted project back within the retention period; owners only");
        project.MapGet("/members", ListMembers).WithName("ListProjectMembers").WithSummary("The project's users and roles");
        project.MapPost("/members", AddMember).WithBodyLimit(4 * 1024).WithName("AddProjectMember")
            .WithSummary("Give a registered user (by email) a role; owners only");
        project.MapDelete("/members/{userId:guid}", RemoveMember).WithName("RemoveProjectMember")
            .WithSummary("Take a user's role away; owners only, and never the last owner's");
        return app;
    }

    public static async Task<Results<Created<ProjectDetailsResponse>, ValidationProblem>> CreateProject(
        ProjectRequest body, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, CancellationToken cancellationToken)
    {
        var validated = services.Editor.Validate(body, creating: true);
        if (validated.Errors.Count > 0)
        {
            return validated.Malformed ? ProblemResults.Malformed(validated.Errors) : ProblemResults.Validation(validated.Errors);
        }

        var now = services.Clock.GetUtcNow();
        var project = new Project { Id = Guid.CreateVersion7(), Name = body.Name!.Trim(), CreatedAt = now };
        project.Members.Add(new ProjectMember { ProjectId = project.Id, UserId = caller.UserId()!.Value, Role = ProjectRole.Owner, CreatedAt = now });
        services.Db.Projects.Add(project);
        await using var transaction = await services.Db.Database.BeginTransactionAsync(cancellationToken);
        await services.Editor.ApplyAsync(services.Db, project, body, validated, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/v1/projects/{project.Id}",
            await ProjectEditor.DescribeAsync(services.Db, services.Secrets, project.Id, ProjectRole.Owner, cancellationToken));
    }

    public static async Task<Ok<List<ProjectSummaryResponse>>> ListProjects(ClaimsPrincipal caller, PixelFlowDbContext db,
        CancellationToken cancellationToken)
    {
        var userId = caller.UserId()!.Value;
        var projects = await db.ProjectMembers.AsNoTracking().Where(member => member.UserId == userId)
            .Join(db.Projects.Where(project => project.DeletedAt == null), member => member.ProjectId, project => project.Id,
                (member, project) => new { project.Id, project.Name, member.Role, project.CreatedAt })
            .OrderBy(project => project.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(projects
            .Select(project => new ProjectSummaryResponse(project.Id, project.Name, project.Role.ToString().ToLowerInvariant(), project.CreatedAt))
            .ToList());
    }

    public static async Task<Results<Ok<ProjectDetailsResponse>, ProblemHttpResult>> GetProject(
        Guid id, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, CancellationToken cancellationToken) =>
        await services.Access.RoleOfAsync(caller, id, cancellationToken) is { } role
            ? TypedResults.Ok(await ProjectEditor.DescribeAsync(services.Db, services.Secrets, id, role, cancellationToken))
            : ProblemResults.NotFound($"No project {id}.");

    public static async Task<Results<Ok<ProjectDetailsResponse>, ValidationProblem, ProblemHttpResult>> UpdateProject(
        Guid id, ProjectRequest body, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, CancellationToken cancellationToken)
    {
        if (await services.Access.RefusalAsync(caller, id, ProjectRole.Owner, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var validated = services.Editor.Validate(body, creating: false);
        if (validated.Errors.Count > 0)
        {
            return validated.Malformed ? ProblemResults.Malformed(validated.Errors) : ProblemResults.Validation(validated.Errors);
        }

        await using var transaction = await services.Db.Database.BeginTransactionAsync(cancellationToken);
        var project = await services.Db.Projects.FromSql($"SELECT * FROM projects WHERE id = {id} FOR UPDATE").SingleAsync(cancellationToken);
        await services.Editor.ApplyAsync(services.Db, project, body, validated, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ProjectEditor.DescribeAsync(services.Db, services.Secrets, id, ProjectRole.Owner, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProject(
        Guid id, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, ActiveApiKeys keys, CancellationToken cancellationToken)
    {
        if (await services.Access.RefusalAsync(caller, id, ProjectRole.Owner, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await services.Db.Projects.Where(project => project.Id == id && project.DeletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(project => project.DeletedAt, services.Clock.GetUtcNow()), cancellationToken);
        keys.Forget(await services.Db.ApiKeys.Where(key => key.ProjectId == id).Select(key => key.Prefix).ToListAsync(cancellationToken));
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ProjectDetailsResponse>, ProblemHttpResult>> RestoreProject(
        Guid id, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, ActiveApiKeys keys,
        IOptions<Cleanup.CleanupOptions> cleanup, CancellationToken cancellationToken)
    {
        if (await services.Access.RefusalAsync(caller, id, ProjectRole.Owner, cancellationToken, deleted: true) is { } refusal)
        {
            return refusal;
        }

        var oldestRestorable = services.Clock.GetUtcNow() - cleanup.Value.Retention;
        var restored = await services.Db.Projects.Where(project => project.Id == id && project.DeletedAt > oldestRestorable)
            .ExecuteUpdateAsync(set => set.SetProperty(project => project.DeletedAt, (DateTimeOffset?)null), cancellationToken);
        if (restored == 0)
        {
            return ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Retention period over",
                $"The project was deleted more than {cleanup.Value.Retention.TotalDays:0.##} days ago and can no longer be restored.");
        }

        // Forget the instances' "no such key" for the project's keys: absence is not cached today, but a key read
        // while the project was deleted must not linger should that change.
        keys.Forget(await services.Db.ApiKeys.Where(key => key.ProjectId == id).Select(key => key.Prefix).ToListAsync(cancellationToken));
        return TypedResults.Ok(await ProjectEditor.DescribeAsync(services.Db, services.Secrets, id, ProjectRole.Owner, cancellationToken));
    }

    public static async Task<Results<Ok<List<ProjectMemberResponse>>, ProblemHttpResult>> ListMembers(
        Guid id, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, CancellationToken cancellationToken)
    {
        if (await services.Access.RefusalAsync(caller, id, ProjectRole.Member, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var members = await services.Db.ProjectMembers.AsNoTracking().Where(member => member.ProjectId == id)
            .Join(services.Db.Users, member => member.UserId, user => user.Id,
                (member, user) => new { member.UserId, user.Email, member.Role, member.CreatedAt })
            .OrderBy(member => member.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(members
            .Select(member => new ProjectMemberResponse(member.UserId, member.Email!, member.Role.ToString().ToLowerInvariant(), member.CreatedAt))
            .ToList());
    }

    public static async Task<Results<Created<ProjectMemberResponse>, ValidationProblem, ProblemHttpResult>> AddMember(
        Guid id, AddMemberRequest body, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, CancellationToken cancellationToken)
    {
        if (await services.Access.RefusalAsync(caller, id, ProjectRole.Owner, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Email))
        {
            errors["email"] = ["Required: the email the user registered with."];
        }

        ProjectRole? role = body.Role switch { null or "member" => ProjectRole.Member, "owner" => ProjectRole.Owner, _ => null };
        if (role is null)
        {
            errors["role"] = ["'member' (the default) or 'owner'."];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var normalized = AccountsApi.Normalise(body.Email!).ToUpperInvariant();
        var user = await services.Db.Users.SingleOrDefaultAsync(candidate => candidate.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            return ProblemResults.NotFound($"No user registered as {body.Email!.Trim()}: they register first (POST /v1/auth/register).");
        }

        var member = await services.Db.ProjectMembers.SingleOrDefaultAsync(candidate => candidate.ProjectId == id && candidate.UserId == user.Id, cancellationToken);
        if (member is null)
        {
            member = new ProjectMember { ProjectId = id, UserId = user.Id, CreatedAt = services.Clock.GetUtcNow() };
            services.Db.ProjectMembers.Add(member);
        }
        else if (member.Role == ProjectRole.Owner && role != ProjectRole.Owner && !await HasAnotherOwnerAsync(services.Db, id, user.Id, cancellationToken))
        {
            return LastOwner();
        }

        member.Role = role!.Value;
        await services.Db.SaveChangesAsync(cancellationToken);
        services.QuotaSources.ProjectChanged(id); // its owners may have changed
        return TypedResults.Created($"/v1/projects/{id}/members",
            new ProjectMemberResponse(user.Id, user.Email!, member.Role.ToString().ToLowerInvariant(), member.CreatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        Guid id, Guid userId, ClaimsPrincipal caller, [AsParameters] UserProjectServices services, CancellationToken cancellationToken)
    {
        if (await services.Access.RefusalAsync(caller, id, ProjectRole.Owner, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var member = await services.Db.ProjectMembers.SingleOrDefaultAsync(candidate => candidate.ProjectId == id && candidate.UserId == userId, cancellationToken);
        if (member is null)
        {
            return ProblemResults.NotFound($"User {userId} is not a member of project {id}.");
        }

        if (member.Role == ProjectRole.Owner && !await HasAnotherOwnerAsync(services.Db, id, userId, cancellationToken))
        {
            return LastOwner();
        }

        services.Db.ProjectMembers.Remove(member);
        await services.Db.SaveChangesAsync(cancellationToken);
        services.QuotaSources.ProjectChanged(id);
        return TypedResults.NoContent();
    }

    private static Task<bool> HasAnotherOwnerAsync(PixelFlowDbContext db, Guid projectId, Guid userId, CancellationToken cancellationToken) =>
        db.ProjectMembers.AnyAsync(member => member.ProjectId == projectId && member.UserId != userId && member.Role == ProjectRole.Owner, cancellationToken);

    private static ProblemHttpResult LastOwner() =>
        ProblemResults.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Last owner",
            "A project keeps at least one owner: make someone else owner first, or delete the project.");
}

/// <summary>Dependencies of the user project endpoints, bound with [AsParameters].</summary>
public sealed class UserProjectServices(PixelFlowDbContext db, ProjectAccess access, ProjectEditor editor, ProjectWebhookSecrets secrets, TimeProvider clock,
    Billing.QuotaSources quotaSources)
{
    public Billing.QuotaSources QuotaSources { get; } = quotaSources;
    public PixelFlowDbContext Db { get; } = db;
    public ProjectAccess Access { get; } = access;
    public ProjectEditor Editor { get; } = editor;
    public ProjectWebhookSecrets Secrets { get; } = secrets;
    public TimeProvider Clock { get; } = clock;
}

/// <summary>A project in a listing, with the caller's role.</summary>
public sealed record ProjectSummaryResponse(Guid Id, string Name, string Role, DateTimeOffset CreatedAt);

/// <param name="Role">'member' (default) or 'owner'.</param>
public sealed record AddMemberRequest(string? Email, string? Role);

public sealed record ProjectMemberResponse(Guid UserId, string Email, string Role, DateTimeOffset CreatedAt);
