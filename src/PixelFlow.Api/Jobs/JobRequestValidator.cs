using System.Text.RegularExpressions;
using PixelFlow.Api.Projects;

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

    private static readonly IReadOnlyDictionary<string, (int Min, int Max)> EffortRanges = new Dictionary<string, (int, int)>
    {
        [OutputFormats.Webp] = (0, 6),
        [OutputFormats.Avif] = (0, 9),
        [OutputFormats.Png] = (0, 9),
    };

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

        if (request.WebhookUrl is not null &&
            (!Uri.TryCreate(request.WebhookUrl, UriKind.Absolute, out var webhook) || webhook.Scheme is not ("https" or "http") ||
             request.WebhookUrl.Length > 2048 || !string.IsNullOrEmpty(webhook.UserInfo)))
        {
            result.Add("webhook_url", "Must be an absolute http(s) URL of at most 2048 characters, without credentials.");
        }

        ValidatePipeline(request.Pipeline, result, rules);
        return result;
    }

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

        if (output.Quality is < 1 or > 100)
        {
            result.Add($"{path}.quality", "Must be between 1 and 100.");
        }

        if (output.Lossless is not null && format != OutputFormats.Webp)
        {
            result.Add($"{path}.lossless", "Only for format webp.");
        }

        if (output.Effort is { } effort)
        {
            if (!EffortRanges.TryGetValue(format, out var range))
            {
                result.Add($"{path}.effort", "Only for formats webp (0–6), avif (0–9) and png (0–9).");
            }
            else if (effort < range.Min || effort > range.Max)
            {
                result.Add($"{path}.effort", $"Must be between {range.Min} and {range.Max} for {format}.");
            }
        }

        if (output.Progressive is not null && format is not (OutputFormats.Jpeg or OutputFormats.Png))
        {
            result.Add($"{path}.progressive", "Only for formats jpeg and png.");
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

    private void ValidateStep(OperationSpec step, string path, Result result)
    {
        var used = OperationFields.For(step.Action);
        if (used is null)
        {
            result.Add($"{path}.action", $"Unknown action '{step.Action}': use one of {string.Join(", ", Actions.All)}.");
            return;
        }

        foreach (var field in OperationFields.SetFields(step).Where(field => !used.Contains(field)))
        {
            result.Add($"{path}.{field}", $"Not a field of action '{step.Action}'.");
        }

        var check = new StepChecker(path, result, limits.MaxOutputDimension);
        switch (step.Action)
        {
            case Actions.Resize:
                if (step.Width is null && step.Height is null)
                {
                    result.Add($"{path}.width", "resize needs width, height or both.");
                }

                check.Dimension("width", step.Width);
                check.Dimension("height", step.Height);
                check.OneOf("fit", step.Fit, FitModes.All);
                if (step.Background is not null && step.Fit != FitModes.Contain)
                {
                    result.Add($"{path}.background", "Only with fit 'contain'.");
                }

                check.Colour("background", step.Background);
                break;
            case Actions.Crop:
                check.Required("width", step.Width);
                check.Required("height", step.Height);
                check.Dimension("width", step.Width);
                check.Dimension("height", step.Height);
                var byRectangle = step.Left is not null || step.Top is not null;
                var byFocus = step.FocusX is not null || step.FocusY is not null;
                if (new[] { byRectangle, byFocus, step.Gravity is not null }.Count(mode => mode) > 1)
                {
                    result.Add(path, "crop takes one placement: left+top, gravity, or focus_x+focus_y.");
                }

                if (byRectangle)
                {
                    check.Required("left", step.Left);
                    check.Required("top", step.Top);
                    check.Range("left", step.Left, 0, int.MaxValue);
                    check.Range("top", step.Top, 0, int.MaxValue);
                }

                if (byFocus)
                {
                    check.Required("focus_x", step.FocusX);
                    check.Required("focus_y", step.FocusY);
                    check.Range("focus_x", step.FocusX, 0, 1);
                    check.Range("focus_y", step.FocusY, 0, 1);
                }

                check.OneOf("gravity", step.Gravity, Gravities.ForCrop);
                break;
            case Actions.Rotate:
                check.Required("angle", step.Angle);
                check.Range("angle", step.Angle, -36000, 36000);
                check.Colour("background", step.Background);
                break;
            case Actions.Blur:
                check.Required("sigma", step.Sigma);
                check.Range("sigma", step.Sigma, 0.3, 100);
                break;
            case Actions.Sharpen:
                check.Range("sigma", step.Sigma, 0.000001, 10);
                break;
            case Actions.Flatten:
                check.Colour("background", step.Background);
                break;
            case Actions.Watermark:
                ValidateWatermark(step, path, result, check);
                break;
        }
    }

    private static void ValidateWatermark(OperationSpec step, string path, Result result, StepChecker check)
    {
        if ((step.Text is null) == (step.ImageKey is null))
        {
            result.Add($"{path}.text", "watermark needs exactly one of text or image_key.");
        }

        if (step.Text is not null)
        {
            if (step.Text.Length is 0 or > 500)
            {
                result.Add($"{path}.text", "Must be 1–500 characters.");
            }

            if (step.Scale is not null)
            {
                result.Add($"{path}.scale", "Only for image watermarks.");
            }

            if (step.Font is { Length: 0 or > 100 })
            {
                result.Add($"{path}.font", "Must be 1–100 characters (a Pango font description such as 'sans bold').");
            }

            check.Range("size", step.Size, 1, 1000);
            check.Colour("color", step.Color);
        }
        else
        {
            foreach (var (field, set) in new[] { ("font", step.Font is not null), ("size", step.Size is not null), ("color", step.Color is not null) })
            {
                if (set)
                {
                    result.Add($"{path}.{field}", "Only for text watermarks.");
                }
            }

            if (step.ImageKey is { } key && !IsAssetKey(key))
            {
                result.Add($"{path}.image_key", AssetKeyRule);
            }

            check.Range("scale", step.Scale, 0.01, 1);
        }

        check.Range("opacity", step.Opacity, 0, 1);
        check.Range("margin", step.Margin, 0, 10_000);
        check.OneOf("gravity", step.Gravity, Gravities.Compass);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OutputIdPattern();

    public const string AssetKeyRule =
        "Must be an asset key: 1–200 characters of letters, digits, '.', '_', '-' or '/', not starting with '/' and without '..' or '//'.";

    /// <summary>Asset keys become storage keys under the project's prefix: no way out of it, nothing ambiguous.</summary>
    public static bool IsAssetKey(string key) =>
        AssetKeyPattern().IsMatch(key) && !key.StartsWith('/') && !key.Contains("..", StringComparison.Ordinal) &&
        !key.Contains("//", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,200}$")]
    private static partial Regex AssetKeyPattern();

    /// <summary>Small helpers so each rule above reads as one line.</summary>
    private readonly record struct StepChecker(string Path, Result Result, int MaxDimension)
    {
        public void Required<T>(string field, T? value) where T : struct
        {
            if (value is null)
            {
                Result.Add($"{Path}.{field}", "Required.");
            }
        }

        public void Dimension(string field, int? value)
        {
            if (value is { } size && (size < 1 || size > MaxDimension))
            {
                Result.Add($"{Path}.{field}", $"Must be between 1 and {MaxDimension}.");
            }
        }

        public void Range(string field, double? value, double min, double max)
        {
            if (value is { } number && (double.IsNaN(number) || number < min || number > max))
            {
                Result.Add($"{Path}.{field}", $"Must be between {min} and {max}.");
            }
        }

        public void OneOf(string field, string? value, IReadOnlyList<string> allowed)
        {
            if (value is not null && !allowed.Contains(value))
            {
                Result.Add($"{Path}.{field}", $"Unknown value '{value}': use one of {string.Join(", ", allowed)}.");
            }
        }

        public void Colour(string field, string? value)
        {
            if (value is not null && !Colors.TryParse(value, out _))
            {
                Result.Add($"{Path}.{field}", $"Not a colour: use #rgb, #rrggbb, #rrggbbaa or one of {string.Join(", ", Colors.Named.Keys)}.");
            }
        }
    }
}

/// <summary>A project's own rules that job requests are checked against.</summary>
public sealed record ProjectRules(IReadOnlyDictionary<string, OutputSpec> Presets, IReadOnlyList<AllowedDimension>? AllowedDimensions)
{
    public static ProjectRules None { get; } = new(new Dictionary<string, OutputSpec>(), null);
}

/// <summary>Which <see cref="OperationSpec"/> fields each action reads.</summary>
public static class OperationFields
{
    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> ByAction = new Dictionary<string, IReadOnlySet<string>>
    {
        [Actions.Resize] = new HashSet<string> { "width", "height", "fit", "without_enlargement", "background" },
        [Actions.Crop] = new HashSet<string> { "width", "height", "left", "top", "gravity", "focus_x", "focus_y" },
        [Actions.Rotate] = new HashSet<string> { "angle", "background" },
        [Actions.Flip] = new HashSet<string>(),
        [Actions.Flop] = new HashSet<string>(),
        [Actions.Blur] = new HashSet<string> { "sigma" },
        [Actions.Sharpen] = new HashSet<string> { "sigma" },
        [Actions.Grayscale] = new HashSet<string>(),
        [Actions.Flatten] = new HashSet<string> { "background" },
        [Actions.Watermark] = new HashSet<string> { "text", "font", "size", "color", "opacity", "gravity", "margin", "image_key", "scale" },
    };

    public static IReadOnlySet<string>? For(string action) => ByAction.GetValueOrDefault(action);

    /// <summary>The snake_case names of the fields a step sets.</summary>
    public static IEnumerable<string> SetFields(OperationSpec step)
    {
        (string Name, object? Value)[] fields =
        [
            ("width", step.Width), ("height", step.Height), ("fit", step.Fit), ("without_enlargement", step.WithoutEnlargement),
            ("background", step.Background), ("left", step.Left), ("top", step.Top), ("gravity", step.Gravity),
            ("focus_x", step.FocusX), ("focus_y", step.FocusY), ("angle", step.Angle), ("sigma", step.Sigma),
            ("text", step.Text), ("font", step.Font), ("size", step.Size), ("color", step.Color), ("opacity", step.Opacity),
            ("margin", step.Margin), ("image_key", step.ImageKey), ("scale", step.Scale),
        ];
        return fields.Where(field => field.Value is not null).Select(field => field.Name);
    }
}
