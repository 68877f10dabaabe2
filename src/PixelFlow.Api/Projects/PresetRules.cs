using System.Text.RegularExpressions;

namespace PixelFlow.Api.Projects;

/// <summary>What makes a preset valid, for <c>PUT …/presets/{name}</c> and a project's <c>settings.variant_presets</c>.</summary>
public static partial class PresetRules
{
    /// <summary>
    /// Validates the preset <paramref name="name"/> = <paramref name="output"/> (errors under <paramref name="path"/>, the
    /// name's under <paramref name="nameField"/>) against the project's dimension allowlist; the normalised output, or
    /// null when the name is invalid.
    /// </summary>
    public static OutputSpec? Validate(JobRequestValidator validator, string name, OutputRequest output, string path,
        IReadOnlyList<AllowedDimension>? allowedDimensions, JobRequestValidator.Result result, string nameField)
    {
        if (!NamePattern().IsMatch(name))
        {
            result.Add(nameField, "A preset name is 1–64 characters: a-z, 0-9, '_' or '-'.");
            return null;
        }

        if (output.Id is not null || output.Preset is not null)
        {
            result.Add($"{path}.id", "A preset's body is an output definition without 'id' or 'preset'.");
        }

        return validator.ValidateOutput(output with { Id = name }, path, result, ProjectRules.None with { AllowedDimensions = allowedDimensions });
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
