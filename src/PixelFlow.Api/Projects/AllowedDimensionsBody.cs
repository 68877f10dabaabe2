namespace PixelFlow.Api.Projects;

public sealed record AllowedDimensionsBody(List<AllowedDimension>? AllowedDimensions)
{
    /// <summary>Adds to <paramref name="errors"/> what is wrong with an allowlist (null = any size allowed), under <paramref name="field"/>.</summary>
    public static void Validate(List<AllowedDimension>? rules, int maxOutputDimension, string field, Dictionary<string, string[]> errors)
    {
        if (rules is { Count: 0 or > 100 })
        {
            errors[field] = ["Give 1–100 sizes, or null to allow any size."];
        }

        for (var i = 0; rules is not null && i < rules.Count; i++)
        {
            if (rules[i] is not { } rule || (rule.Width is null && rule.Height is null) ||
                rule.Width is < 1 || rule.Height is < 1 || rule.Width > maxOutputDimension || rule.Height > maxOutputDimension)
            {
                errors[$"{field}[{i}]"] = [$"A size needs width, height or both, each 1–{maxOutputDimension}."];
            }
        }
    }
}
