using System.Text.RegularExpressions;
using PixelFlow.Contracts.V1.Operations;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Validates a job request and normalises its outputs into the <see cref="OutputSpec"/>s the worker runs.
/// Every error is keyed by the field path the client sent (<c>pipeline[0].steps[1].width</c>) so a problem
/// response can name it.
/// </summary>
public sealed partial class JobRequestValidator(JobLimitsOptions limits)
{
    public const string PresignedSource = "s3_presigned";
    public const string MultipartSource = "multipart";

    /// <summary>Source types a JSON request may name (multipart requests set their own).</summary>
    public static readonly IReadOnlyList<string> SourceTypes = [PresignedSource, MultipartSource];

    private readonly OperationLimits _operationLimits = new(limits.MaxOutputDimension);

    public sealed class Result
    {
        public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);
        public List<OutputSpec> Outputs { get; } = [];
        public bool IsValid => Errors.Count == 0;

        /// <summary>Some error is a JSON shape error (wrong type, unknown field) rather than a bad value.</summary>
        public bool HasMalformedJson { get; set; }

        /// <summary>Watermark assets the outputs use, with the field path that names each.</summary>
        public List<(string Path, string ImageKey)> AssetReferences { get; } = [];

        public void Add(string path, string message) =>
            Errors[path] = Errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];
    }

    public Result Validate(CreateJobRequest request, IReadOnlySet<string> allowedSourceTypes, ProjectRules? rules = null)
    {
        rules ??= ProjectRules.None;
        var result = new Result();
        if (request.SourceType is null)
        {
            result.Add("source_type", $"Required: one of {string.Join(", ", allowedSourceTypes)}.");
        }
        else if (!allowedSourceTypes.Contains(request.SourceType))
        {
            result.Add("source_type", $"Unknown source type '{request.SourceType}': use one of {string.Join(", ", allowedSourceTypes)}.");
        }

        if (request.WebhookUrl is not null && !IsWebhookUrl(request.WebhookUrl))
        {
            result.Add("webhook_url", WebhookUrlRule);
        }

        ValidatePipeline(request.Pipeline, result, rules);
        return result;
    }

    public const string WebhookUrlRule = "Must be an absolute http(s) URL of at most 2048 characters, without credentials.";

    /// <summary>A URL webhooks may be sent to (a job's <c>webhook_url</c>, a project's default); where it points is checked at send time.</summary>
    public static bool IsWebhookUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var webhook) && webhook.Scheme is "https" or "http" &&
        url.Length <= 2048 && string.IsNullOrEmpty(webhook.UserInfo);

    private void ValidatePipeline(List<OutputRequest>? pipeline, Result result, ProjectRules rules)
    {
        if (pipeline is null || pipeline.Count == 0)
        {
            result.Add("pipeline", "At least one output is required.");
            return;
        }

        if (pipeline.Count > limits.MaxOutputsPerJob)
        {
            result.Add("pipeline", $"At most {limits.MaxOutputsPerJob} outputs per job.");
            return;
        }

        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pipeline.Count; i++)
        {
            var path = $"pipeline[{i}]";
            if (pipeline[i] is not { } output)
            {
                result.Add(path, "An output object is required.");
                continue;
            }

            if (output.Id is null || !OutputIdPattern().IsMatch(output.Id))
            {
                result.Add($"{path}.id", "Required: 1–64 characters of letters, digits, '_' or '-'.");
            }
            else if (!seenIds.Add(output.Id))
            {
                result.Add($"{path}.id", $"Duplicate output id '{output.Id}': ids must be unique within a job.");
            }

            if (output.Preset is not null)
            {
                if (ExpandPreset(output, path, result, rules) is { } preset)
                {
                    CheckAllowedDimensions(preset, _ => $"{path}.preset", result, rules);
                    result.Outputs.Add(preset);
                }

                continue;
            }

            result.Outputs.Add(ValidateOutput(output, path, result, rules));
        }
    }

    /// <summary>Validates one output definition (a pipeline entry, or a preset's body) and normalises it.</summary>
    public OutputSpec ValidateOutput(OutputRequest output, string path, Result result, ProjectRules rules)
    {
        var steps = ReadSteps(output, path, result);
        var spec = ValidateEncoding(output, path, result) with { Steps = steps };
        for (var s = 0; s < steps.Count; s++)
        {
            var stepPath = StepPath(output, path, s);
            ValidateStep(steps[s], stepPath, result);
            if (steps[s].ImageKey is { } imageKey)
            {
                result.AssetReferences.Add(($"{stepPath}.image_key", imageKey));
            }
        }

        CheckAllowedDimensions(spec, step => $"{StepPath(output, path, step)}.width", result, rules);
        return spec;
    }

    private static string StepPath(OutputRequest output, string path, int step) =>
        output.Action is not null ? path : $"{path}.steps[{step}]";

    private static OutputSpec? ExpandPreset(OutputRequest output, string path, Result result, ProjectRules rules)
    {
        if (output.Action is not null || output.Steps is not null || output.Format is not null || output.Quality is not null ||
            output.Lossless is not null || output.Effort is not null || output.Progressive is not null ||
            output.StripMetadata is not null || output.OperationFields is { Count: > 0 })
        {
            result.Add($"{path}.preset", "An output using a preset takes only 'id' and 'preset'.");
            return null;
        }

        if (!rules.Presets.TryGetValue(output.Preset!, out var preset))
        {
            result.Add($"{path}.preset", $"No preset named '{output.Preset}' in this project.");
            return null;
        }

        foreach (var imageKey in preset.Steps.Select(step => step.ImageKey).OfType<string>())
        {
            result.AssetReferences.Add(($"{path}.preset", imageKey));
        }

        return preset with { Id = output.Id ?? "" };
    }

    /// <summary>With a project allowlist, every resize and crop must ask for an allowed size.</summary>
    private static void CheckAllowedDimensions(OutputSpec spec, Func<int, string> fieldFor, Result result, ProjectRules rules)
    {
        if (rules.AllowedDimensions is not { } allowed)
        {
            return;
        }

        for (var s = 0; s < spec.Steps.Count; s++)
        {
            var step = spec.Steps[s];
            if (step.Action is not (Actions.Resize or Actions.Crop) || (step.Width is null && step.Height is null))
            {
                continue;
            }

            if (!allowed.Any(rule => (rule.Width is null || rule.Width == step.Width) && (rule.Height is null || rule.Height == step.Height)))
            {
                result.Add(fieldFor(s), $"Size {step.Width?.ToString() ?? "auto"}×{step.Height?.ToString() ?? "auto"} is not in the project's allowed dimensions " +
                                             $"({string.Join(", ", allowed.Select(rule => $"{rule.Width?.ToString() ?? "any"}×{rule.Height?.ToString() ?? "any"}"))}).");
            }
        }
    }

    private List<OperationSpec> ReadSteps(OutputRequest output, string path, Result result)
    {
        if (output.Action is not null)
        {
            if (output.Steps is not null)
            {
                result.Add($"{path}.steps", "Use either 'action' (one operation) or 'steps' (several), not both.");
                return [];
            }

            var step = JobRequestReader.ReadShorthand(output, path, out var error);
            if (error is { } e)
            {
                result.Add(e.Path, e.Message);
                result.HasMalformedJson = true;
            }

            return step is null ? [] : [step];
        }

        if (output.OperationFields is { Count: > 0 } stray)
        {
            foreach (var name in stray.Keys)
            {
                result.Add($"{path}.{name}", "Unknown field (operation fields go with 'action', or inside 'steps').");
            }
        }

        var steps = output.Steps ?? [];
        if (steps.Count > limits.MaxStepsPerOutput)
        {
            result.Add($"{path}.steps", $"At most {limits.MaxStepsPerOutput} steps per output.");
            return [];
        }

        for (var s = 0; s < steps.Count; s++)
        {
            if (steps[s] is null)
            {
                result.Add($"{path}.steps[{s}]", "A step object is required.");
            }
        }

        return steps.Where(step => step is not null).ToList();
    }

    private static OutputSpec ValidateEncoding(OutputRequest output, string path, Result result)
    {
        var format = output.Format ?? OutputFormats.Auto;
        if (!OutputFormats.All.Contains(format))
        {
            result.Add($"{path}.format", $"Unknown format '{format}': use one of {string.Join(", ", OutputFormats.All)}.");
        }

        if (output.Quality is < Encodings.MinQuality or > Encodings.MaxQuality)
        {
            result.Add($"{path}.quality", $"Must be between {Encodings.MinQuality} and {Encodings.MaxQuality}.");
        }

        var encoding = Encodings.For(format);
        if (output.Lossless is not null && encoding is not { Lossless: true })
        {
            result.Add($"{path}.lossless", $"Only for format {FormatsWith(e => e.Lossless)}.");
        }

        if (output.Effort is { } effort)
        {
            if (encoding?.Effort is not { } range)
            {
                var takingEffort = Encodings.All.Where(e => e.Effort is not null).Select(e => $"{e.Format} ({e.Effort!.Min}–{e.Effort.Max})");
                result.Add($"{path}.effort", $"Only for formats {string.Join(", ", takingEffort)}.");
            }
            else if (effort < range.Min || effort > range.Max)
            {
                result.Add($"{path}.effort", $"Must be between {range.Min} and {range.Max} for {format}.");
            }
        }

        if (output.Progressive is not null && encoding is not { Progressive: true })
        {
            result.Add($"{path}.progressive", $"Only for formats {FormatsWith(e => e.Progressive)}.");
        }

        return new OutputSpec
        {
            Id = output.Id ?? "",
            Format = format,
            Quality = output.Quality,
            Lossless = output.Lossless,
            Effort = output.Effort,
            Progressive = output.Progressive,
            StripMetadata = output.StripMetadata ?? true,
        };
    }

    private static string FormatsWith(Func<FormatEncoding, bool> takes) =>
        string.Join(" and ", Encodings.All.Where(takes).Select(encoding => encoding.Format));

    /// <summary>The step's fields against its operation's descriptor (the one definition the worker renders with).</summary>
    private void ValidateStep(OperationSpec step, string path, Result result)
    {
        if (OperationCatalog.For(step.Action) is not { } operation)
        {
            result.Add($"{path}.action", $"Unknown action '{step.Action}': use one of {string.Join(", ", Actions.All)}.");
            return;
        }

        foreach (var error in operation.Validate(step, _operationLimits))
        {
            result.Add(error.Field is null ? path : $"{path}.{error.Field}", error.Message);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OutputIdPattern();
}

/// <summary>A project's own rules that job requests are checked against.</summary>
public sealed record ProjectRules(IReadOnlyDictionary<string, OutputSpec> Presets, IReadOnlyList<AllowedDimension>? AllowedDimensions)
{
    public static ProjectRules None { get; } = new(new Dictionary<string, OutputSpec>(), null);
}
