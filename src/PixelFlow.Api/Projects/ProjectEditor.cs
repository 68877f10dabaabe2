using System.Text.RegularExpressions;
using PixelFlow.Api.RateLimiting;
using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Projects;

/// <summary>
/// Validates a <see cref="ProjectRequest"/> and writes it onto a project: its fields, its presets table (the one home
/// of presets, shared with <c>/v1/projects/current/presets</c>), then evicts what the instances cache of it.
/// </summary>
public sealed partial class ProjectEditor(
    JobRequestValidator validator,
    JobLimitsOptionsAccessor jobLimits,
    IOptionsMonitor<RateLimitingOptions> rateLimiting,
    ProjectRulesCache rules,
    ProjectRateLimits rateLimits,
    Billing.QuotaSources quotaSources,
    TimeProvider clock)
{
    /// <summary>The request's errors (<c>Malformed</c> when a preset's JSON shape is wrong), and the presets normalised.</summary>
    public sealed record Validated(Dictionary<string, string[]> Errors, bool Malformed, Dictionary<string, OutputSpec> Presets);

    public Validated Validate(ProjectRequest request, bool creating)
    {
        var result = new JobRequestValidator.Result();
        var errors = result.Errors;
        if (request.Name is not null || creating)
        {
            if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            {
                errors["name"] = ["Required: 1–200 characters."];
            }
        }

        var presets = new Dictionary<string, OutputSpec>(StringComparer.Ordinal);
        if (request.Settings is { } settings)
        {
            AllowedDimensionsBody.Validate(settings.AllowedDimensions, jobLimits.MaxOutputDimension, "settings.allowed_dimensions", errors);
            foreach (var (name, output) in settings.VariantPresets ?? [])
            {
                var path = $"settings.variant_presets.{name}";
                if (output is not null && PresetRules.Validate(validator, name, output, path, settings.AllowedDimensions, result, path) is { } spec)
                {
                    presets[name] = spec;
                }
                else if (output is null)
                {
                    result.Add(path, "A preset is an output definition (an object), not null.");
                }
            }

            settings.Limits?.Validate("settings.limits.", errors);
            // Both null (as a project on the defaults answers) is the default; one alone is an error.
            if (settings.RateLimit is { } rateLimit && (rateLimit.Capacity is not null || rateLimit.RefillPerSecond is not null))
            {
                foreach (var (field, messages) in RateLimitApi.Validate(rateLimit, rateLimiting.CurrentValue))
                {
                    errors[$"settings.rate_limit.{field}"] = messages;
                }
            }

            if (settings.Webhook?.Url is { } url && !JobRequestValidator.IsWebhookUrl(url))
            {
                errors["settings.webhook.url"] = [JobRequestValidator.WebhookUrlRule];
            }

            if (settings.Webhook?.Secret is { } secret && !IsWebhookSecret(secret))
            {
                errors["settings.webhook.secret"] = ["A Standard Webhooks secret: 'whsec_' and the base64 of 24–64 random bytes; leave it out to keep the current one."];
            }
        }

        if (request.Quotas is { } quotas)
        {
            foreach (var (field, value) in new[] { ("stored_bytes", quotas.StoredBytes), ("processed_pixels_per_month", quotas.ProcessedPixelsPerMonth), ("files", quotas.Files) })
            {
                if (value is < 0)
                {
                    errors[$"quotas.{field}"] = ["A quota is 0 or more, or null for none."];
                }
            }
        }

        return new Validated(errors, result.HasMalformedJson, presets);
    }

    /// <summary>Writes the validated <paramref name="request"/> onto the tracked <paramref name="project"/> and saves.</summary>
    public async Task ApplyAsync(PixelFlowDbContext db, Project project, ProjectRequest request, Validated validated,
        CancellationToken cancellationToken)
    {
        if (request.Name is { } name)
        {
            project.Name = name.Trim();
        }

        if (request.Quotas is { } quotas)
        {
            project.StoredBytesQuota = quotas.StoredBytes;
            project.ProcessedPixelsPerMonthQuota = quotas.ProcessedPixelsPerMonth;
            project.FilesQuota = quotas.Files;
        }

        var changedPresets = new List<string>();
        if (request.Settings is { } settings)
        {
            project.AllowedDimensions = settings.AllowedDimensions;
            project.MaxSourcePixels = settings.Limits?.MaxSourcePixels;
            project.RateLimitCapacity = settings.RateLimit?.Capacity;
            project.RateLimitRefillPerSecond = settings.RateLimit?.RefillPerSecond;
            project.WebhookUrl = settings.Webhook?.Url;
            if (settings.Webhook?.Secret is { } secret && secret != project.WebhookSecret)
            {
                project.WebhookSecret = secret;
                project.PreviousWebhookSecret = null; // an owner-chosen secret replaces the old one outright
                project.PreviousWebhookSecretExpiresAt = null;
            }

            changedPresets = await ReplacePresetsAsync(db, project.Id, validated.Presets, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (request.Quotas is not null)
        {
            quotaSources.ProjectChanged(project.Id);
        }

        if (request.Settings is not null)
        {
            rules.AllowedDimensionsChanged(project.Id);
            rules.WebhookUrlChanged(project.Id);
            rules.MaxSourcePixelsChanged(project.Id);
            changedPresets.ForEach(preset => rules.PresetChanged(project.Id, preset));
            rateLimits.Changed(project.Id);
        }
    }

    /// <summary>Makes the project's presets exactly <paramref name="presets"/>; the names whose definition changed.</summary>
    private async Task<List<string>> ReplacePresetsAsync(PixelFlowDbContext db, Guid projectId, Dictionary<string, OutputSpec> presets,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = await db.Presets.Where(preset => preset.ProjectId == projectId).ToListAsync(cancellationToken);
        var changed = new List<string>();
        foreach (var preset in stored.Where(preset => !presets.ContainsKey(preset.Name)))
        {
            db.Presets.Remove(preset);
            changed.Add(preset.Name);
        }

        foreach (var (name, output) in presets)
        {
            var preset = stored.SingleOrDefault(candidate => candidate.Name == name);
            if (preset is null)
            {
                db.Presets.Add(new Preset { Id = Guid.CreateVersion7(), ProjectId = projectId, Name = name, Output = output, CreatedAt = now, UpdatedAt = now });
            }
            else
            {
                preset.Output = output;
                preset.UpdatedAt = now;
            }

            changed.Add(name);
        }

        return changed;
    }

    /// <summary>The response for a project the caller holds <paramref name="role"/> on.</summary>
    public static async Task<ProjectDetailsResponse> DescribeAsync(PixelFlowDbContext db, ProjectWebhookSecrets secrets, Guid projectId,
        ProjectRole role, CancellationToken cancellationToken)
    {
        var project = await secrets.LoadAsync(db, projectId, cancellationToken)
                      ?? throw new InvalidOperationException($"Project {projectId} does not exist.");
        var presets = await db.Presets.AsNoTracking().Where(preset => preset.ProjectId == projectId).OrderBy(preset => preset.Name)
            .ToDictionaryAsync(preset => preset.Name, preset => VariantPresetResponse.From(preset.Output), cancellationToken);
        return new ProjectDetailsResponse(project.Id, project.Name, role.ToString().ToLowerInvariant(), project.CreatedAt, project.DeletedAt,
            new ProjectSettingsResponse(presets, project.AllowedDimensions, new ProjectLimitsBody(project.MaxSourcePixels),
                new RateLimitResponse(project.RateLimitCapacity, project.RateLimitRefillPerSecond),
                new WebhookSettingsResponse(project.WebhookUrl, role == ProjectRole.Owner ? project.WebhookSecret! : null)),
            new ProjectQuotas(project.StoredBytesQuota, project.ProcessedPixelsPerMonthQuota, project.FilesQuota));
    }

    private static bool IsWebhookSecret(string secret)
    {
        if (!WebhookSecretPattern().IsMatch(secret))
        {
            return false;
        }

        var bytes = new byte[64];
        return Convert.TryFromBase64String(secret["whsec_".Length..], bytes, out var length) && length is >= 24 and <= 64;
    }

    [GeneratedRegex("^whsec_[A-Za-z0-9+/]+={0,2}$")]
    private static partial Regex WebhookSecretPattern();
}
