using System.Globalization;
using System.Text.Json.Nodes;
using PixelFlow.Contracts.V1;
using PixelFlow.Contracts.V1.Operations;
using PixelFlow.Web.Console;

namespace PixelFlow.Web.Components.Settings;

/// <summary>
/// The preset form's state: an output definition as the user types it. The operations, their fields and the
/// encodings come from <c>PixelFlow.Contracts</c> (the definitions the API validates with), so the form offers exactly
/// what the API accepts; what a value may be is left to the API, whose messages the form shows next to the fields.
/// Values are kept as typed: a value that is not a number is sent as text, and the API names it.
/// </summary>
public sealed class PresetDraft
{
    /// <summary>The encoding fields of an output, by wire name, besides <c>format</c> and <c>strip_metadata</c>.</summary>
    public const string Quality = "quality", Effort = "effort", Lossless = "lossless", Progressive = "progressive";

    public string Name { get; set; } = "";

    /// <summary>An existing preset being edited (its name is then fixed: a new name is a new preset).</summary>
    public bool IsExisting { get; private init; }

    public List<StepDraft> Steps { get; } = [];

    public string Format { get; set; } = OutputFormats.Auto;

    /// <summary>quality, effort (as typed) and lossless, progressive ("true" or empty).</summary>
    public Dictionary<string, string> Encoding { get; } = new(StringComparer.Ordinal);

    public bool StripMetadata { get; set; } = true;

    /// <summary>The encoding options <see cref="Format"/> takes (all of them for <c>auto</c>, whose format is the source's).</summary>
    public IEnumerable<string> EncodingOptions
    {
        get
        {
            var encoding = Encodings.For(Format);
            yield return Quality;
            if (encoding is null || encoding.Effort is not null) yield return Effort;
            if (encoding is null || encoding.Lossless) yield return Lossless;
            if (encoding is null || encoding.Progressive) yield return Progressive;
        }
    }

    public static PresetDraft New() => new() { Steps = { new StepDraft { Action = Actions.Resize } }, Format = OutputFormats.Webp };

    /// <summary>The draft of a stored preset (its normalised <c>steps</c> form).</summary>
    public static PresetDraft From(PresetInfo preset)
    {
        var draft = new PresetDraft
        {
            Name = preset.Name,
            IsExisting = true,
            Format = Text(preset.Output["format"]) ?? OutputFormats.Auto,
            StripMetadata = preset.Output["strip_metadata"]?.GetValue<bool>() ?? true,
        };
        foreach (var option in new[] { Quality, Effort, Lossless, Progressive })
        {
            if (Text(preset.Output[option]) is { } value)
                draft.Encoding[option] = value;
        }

        foreach (var step in preset.Output["steps"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var stepDraft = new StepDraft { Action = Text(step["action"]) ?? Actions.Resize };
            foreach (var (field, value) in step.Where(property => property.Key != "action"))
            {
                if (Text(value) is { } text)
                    stepDraft.Values[field] = text;
            }

            draft.Steps.Add(stepDraft);
        }

        return draft;
    }

    /// <summary>The output definition to <c>PUT</c>: the steps form, with only the fields set.</summary>
    public JsonObject ToJson()
    {
        var output = new JsonObject { ["steps"] = new JsonArray([.. Steps.Select(step => (JsonNode)step.ToJson())]), ["format"] = Format };
        foreach (var option in EncodingOptions)
        {
            if (Encoding.GetValueOrDefault(option) is { Length: > 0 } value)
                output[option] = option is Lossless or Progressive ? JsonValue.Create(value == "true") : Number(value, integer: true);
        }

        output["strip_metadata"] = StripMetadata;
        return output;
    }

    /// <summary>Every field the form has an input for, as the API keys its errors (<c>steps[0].width</c>).</summary>
    public IEnumerable<string> FieldKeys()
    {
        yield return "name";
        yield return "format";
        yield return "strip_metadata";
        foreach (var option in EncodingOptions)
            yield return option;
        for (var i = 0; i < Steps.Count; i++)
        {
            yield return $"steps[{i}]";
            yield return $"steps[{i}].action";
            foreach (var field in Steps[i].Descriptor?.Fields ?? [])
                yield return $"steps[{i}].{field.Name}";
        }
    }

    /// <summary>A one-line description of a stored preset: its steps and encoding.</summary>
    public static string Describe(PresetInfo preset)
    {
        var steps = preset.Output["steps"]?.AsArray().OfType<JsonObject>().Select(step =>
            string.Join(" ", step.Where(property => Text(property.Value) is not null)
                .Select(property => property.Key == "action" ? Text(property.Value) : $"{property.Key}={Text(property.Value)}"))) ?? [];
        var encoding = new[] { "format", Quality, Effort, Lossless, Progressive }
            .Where(option => Text(preset.Output[option]) is not null)
            .Select(option => option == "format" ? Text(preset.Output[option]) : $"{option}={Text(preset.Output[option])}");
        return $"{string.Join(" → ", steps)} → {string.Join(" ", encoding)}";
    }

    /// <summary>A JSON value as the form shows it; null for an absent or null one.</summary>
    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => node.ToJsonString(),
    };

    /// <summary>A typed number as a JSON number; anything else as the text typed, for the API to name.</summary>
    internal static JsonNode Number(string typed, bool integer) =>
        integer && long.TryParse(typed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole)
        : !integer && double.TryParse(typed, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? JsonValue.Create(real)
        : JsonValue.Create(typed);
}

/// <summary>One step of a preset draft: the action and its fields' values as typed, by wire name.</summary>
public sealed class StepDraft
{
    public string Action
    {
        get;
        set
        {
            // Another action reads other fields: keep only the values the new one also has (width, height, gravity…).
            var names = OperationCatalog.For(value)?.Fields.Select(each => each.Name).ToHashSet() ?? [];
            foreach (var stale in Values.Keys.Where(name => !names.Contains(name)).ToList())
                Values.Remove(stale);
            field = value;
        }
    } = Actions.Resize;

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public OperationDescriptor? Descriptor => OperationCatalog.For(Action);

    public JsonObject ToJson()
    {
        var step = new JsonObject { ["action"] = Action };
        foreach (var field in Descriptor?.Fields ?? [])
        {
            if (Values.GetValueOrDefault(field.Name) is not { Length: > 0 } value)
                continue;
            step[field.Name] = field.JsonType switch
            {
                "integer" => PresetDraft.Number(value, integer: true),
                "number" => PresetDraft.Number(value, integer: false),
                "boolean" => JsonValue.Create(value == "true"),
                _ => JsonValue.Create(value),
            };
        }

        return step;
    }
}
