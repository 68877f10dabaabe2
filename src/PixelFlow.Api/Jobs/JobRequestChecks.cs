namespace PixelFlow.Api.Jobs;

/// <summary>
/// Validation that needs the project's data: its presets and dimension allowlist (Postgres) and the watermark
/// assets the outputs name (storage). The pure rules live in <see cref="JobRequestValidator"/>.
/// </summary>
public sealed class JobRequestChecks(PixelFlowDbContext db, ObjectStorage storage, JobRequestValidator validator, Projects.ProjectRulesCache rules)
{
    public async Task<JobRequestValidator.Result> ValidateAsync(CreateJobRequest request, IReadOnlySet<string> sourceTypes,
        Guid projectId, CancellationToken cancellationToken)
    {
        var result = validator.Validate(request, sourceTypes, await LoadRulesAsync(projectId, request, cancellationToken));
        if (result.IsValid)
        {
            await CheckAssetsExistAsync(projectId, result, cancellationToken);
        }

        return result;
    }

    public async Task<ProjectRules> LoadRulesAsync(Guid projectId, CreateJobRequest request, CancellationToken cancellationToken)
    {
        var presets = new Dictionary<string, Contracts.V1.OutputSpec>();
        foreach (var name in (request.Pipeline ?? []).Select(output => output?.Preset).OfType<string>().Distinct())
        {
            if (await rules.PresetAsync(db, projectId, name, cancellationToken) is { } preset)
            {
                presets[name] = preset;
            }
        }

        var allowed = await rules.AllowedDimensionsAsync(db, projectId, cancellationToken);
        return new ProjectRules(presets, allowed);
    }

    private async Task CheckAssetsExistAsync(Guid projectId, JobRequestValidator.Result result, CancellationToken cancellationToken)
    {
        foreach (var (path, imageKey) in result.AssetReferences.DistinctBy(reference => reference.ImageKey))
        {
            if (await storage.GetSizeAsync(StorageKeys.Asset(projectId, imageKey), cancellationToken) is null)
            {
                result.Add(path, $"No asset '{imageKey}' in this project: upload it with PUT /v1/assets/{imageKey} first.");
            }
        }
    }
}
