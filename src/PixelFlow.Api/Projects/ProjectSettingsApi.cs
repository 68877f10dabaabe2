namespace PixelFlow.Api.Projects;

/// <summary>
/// The API key's project settings that shape job requests: named presets, the output dimension allowlist and
/// the source pixel limit.
/// </summary>
public static class ProjectSettingsApi
{
    public static RouteGroupBuilder MapProjectSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/projects/current").WithTags("Project settings").RequireAuthorization();
        api.MapGet("/presets", ListPresets).WithName("ListPresets").WithSummary("The project's presets");
        api.MapGet("/presets/{name}", GetPreset).WithName("GetPreset").WithSummary("One preset");
        api.MapPut("/presets/{name}", PutPreset).RequireAuthorization(ProjectScope.AdministratorPolicy).WithBodyLimit(JobsApi.MaxJsonBodyBytes)
            .WithName("PutPreset").WithSummary("Create or replace a preset: an output definition without id");
        api.MapDelete("/presets/{name}", DeletePreset).RequireAuthorization(ProjectScope.AdministratorPolicy).WithName("DeletePreset").WithSummary("Delete a preset");
        api.MapPut("/allowed-dimensions", PutAllowedDimensions).RequireAuthorization(ProjectScope.AdministratorPolicy).WithName("PutAllowedDimensions")
            .WithSummary("Set (or clear with null) the sizes outputs may request");
        api.MapPut("/limits", PutLimits).RequireAuthorization(ProjectScope.AdministratorPolicy).WithName("PutLimits").WithSummary("Override the source pixel limit (null = default)");
        return api;
    }

    public static async Task<Ok<List<PresetResponse>>> ListPresets(ClaimsPrincipal user, PixelFlowDbContext db, CancellationToken cancellationToken)
    {
        var projectId = user.ProjectId();
        var presets = await db.Presets.AsNoTracking().Where(preset => preset.ProjectId == projectId)
            .OrderBy(preset => preset.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(presets.Select(PresetResponse.From).ToList());
    }

    public static async Task<Results<Ok<PresetResponse>, ProblemHttpResult>> GetPreset(
        string name, ClaimsPrincipal user, PixelFlowDbContext db, CancellationToken cancellationToken)
    {
        var projectId = user.ProjectId();
        var preset = await db.Presets.AsNoTracking()
            .SingleOrDefaultAsync(candidate => candidate.ProjectId == projectId && candidate.Name == name, cancellationToken);
        return preset is null ? ProblemResults.NotFound($"No preset '{name}' in this project.") : TypedResults.Ok(PresetResponse.From(preset));
    }

    public static async Task<Results<Ok<PresetResponse>, ValidationProblem>> PutPreset(
        string name, OutputRequest output, ClaimsPrincipal user, PixelFlowDbContext db, JobRequestValidator validator,
        ProjectRulesCache rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var projectId = user.ProjectId();
        var allowed = await db.Projects.Where(project => project.Id == projectId).Select(project => project.AllowedDimensions)
            .SingleAsync(cancellationToken);
        var result = new JobRequestValidator.Result();
        var spec = PresetRules.Validate(validator, name, output, "$", allowed, result, nameField: "name");
        if (!result.IsValid)
        {
            return result.HasMalformedJson ? ProblemResults.Malformed(result.Errors) : ProblemResults.Validation(result.Errors);
        }

        var now = clock.GetUtcNow();
        var preset = await db.Presets.SingleOrDefaultAsync(candidate => candidate.ProjectId == projectId && candidate.Name == name,
            cancellationToken);
        if (preset is null)
        {
            preset = new Preset { Id = Guid.CreateVersion7(), ProjectId = projectId, Name = name, Output = spec!, CreatedAt = now };
            db.Presets.Add(preset);
        }

        preset.Output = spec!;
        preset.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        rules.PresetChanged(projectId, name);
        return TypedResults.Ok(PresetResponse.From(preset));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePreset(
        string name, ClaimsPrincipal user, PixelFlowDbContext db, ProjectRulesCache rules, CancellationToken cancellationToken)
    {
        var projectId = user.ProjectId();
        var deleted = await db.Presets.Where(preset => preset.ProjectId == projectId && preset.Name == name)
            .ExecuteDeleteAsync(cancellationToken);
        rules.PresetChanged(projectId, name);
        return deleted == 0 ? ProblemResults.NotFound($"No preset '{name}' in this project.") : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AllowedDimensionsBody>, ValidationProblem>> PutAllowedDimensions(
        AllowedDimensionsBody body, ClaimsPrincipal user, PixelFlowDbContext db, JobLimitsOptionsAccessor limits,
        ProjectRulesCache projectRules, CancellationToken cancellationToken)
    {
        var rules = body.AllowedDimensions;
        var errors = new Dictionary<string, string[]>();
        AllowedDimensionsBody.Validate(rules, limits.MaxOutputDimension, "allowed_dimensions", errors);
        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var projectId = user.ProjectId();
        var project = await db.Projects.SingleAsync(candidate => candidate.Id == projectId, cancellationToken);
        project.AllowedDimensions = rules;
        await db.SaveChangesAsync(cancellationToken);
        projectRules.AllowedDimensionsChanged(projectId);
        return TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<ProjectLimitsBody>, ValidationProblem>> PutLimits(
        ProjectLimitsBody body, ClaimsPrincipal user, PixelFlowDbContext db, ProjectRulesCache rules, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        body.Validate("", errors);
        if (errors.Count > 0)
        {
            return ProblemResults.Validation(errors);
        }

        var projectId = user.ProjectId();
        await db.Projects.Where(project => project.Id == projectId)
            .ExecuteUpdateAsync(set => set.SetProperty(project => project.MaxSourcePixels, body.MaxSourcePixels), cancellationToken);
        rules.MaxSourcePixelsChanged(projectId);
        return TypedResults.Ok(body);
    }
}
