using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PixelFlow.Contracts.V1;
using PixelFlow.Contracts.V1.Operations;

namespace PixelFlow.Tests;

/// <summary>Valid steps of every action, and a way to change one field of a step by its wire name.</summary>
internal static class OperationSamples
{
    public const string WatermarkAsset = "logo.png";

    /// <summary>At least one valid step per action; resize in the two fits that take more fields, watermark as text and as image.</summary>
    public static IReadOnlyList<OperationSpec> ValidSteps { get; } =
    [
        new() { Action = Actions.Resize, Width = 200, Height = 150, Fit = FitModes.Contain },
        new() { Action = Actions.Resize, Width = 200, Height = 150, Fit = FitModes.Cover },
        new() { Action = Actions.Crop, Width = 100, Height = 80 },
        new() { Action = Actions.Rotate, Angle = 30 },
        new() { Action = Actions.Flip },
        new() { Action = Actions.Flop },
        new() { Action = Actions.Blur },
        new() { Action = Actions.Sharpen },
        new() { Action = Actions.Grayscale },
        new() { Action = Actions.Flatten },
        new() { Action = Actions.Watermark, Text = "PF" },
        new() { Action = Actions.Watermark, ImageKey = WatermarkAsset },
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary><paramref name="step"/> with the field named <paramref name="field"/> set to <paramref name="value"/>, or removed when null.</summary>
    public static OperationSpec With(OperationSpec step, string field, JsonNode? value)
    {
        var node = JsonSerializer.SerializeToNode(step, Json)!.AsObject();
        node.Remove(field);
        if (value is not null)
        {
            node[field] = value;
        }

        return node.Deserialize<OperationSpec>(Json)!;
    }

    /// <summary>The field's default as the JSON a client would send.</summary>
    public static JsonNode? DefaultOf(OperationField field) => field.DefaultText is not { } text
        ? null
        : field.JsonType switch
        {
            "integer" => JsonValue.Create(int.Parse(text, CultureInfo.InvariantCulture)),
            "number" => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            "boolean" => JsonValue.Create(bool.Parse(text)),
            _ => JsonValue.Create(text),
        };

    /// <summary>The errors <paramref name="step"/> gets that name <paramref name="field"/>.</summary>
    public static IEnumerable<FieldError> ErrorsOf(OperationSpec step, string field) =>
        OperationCatalog.For(step.Action)!.Validate(step, OperationLimits.Default).Where(error => error.Field == field);

    /// <summary>Each field with the valid steps of its action, paired.</summary>
    public static IEnumerable<(OperationField Field, IReadOnlyList<OperationSpec> Steps)> FieldsWithTheirSteps() =>
        OperationCatalog.All.SelectMany(operation => operation.Fields.Select(field =>
            (field, (IReadOnlyList<OperationSpec>)ValidSteps.Where(step => step.Action == operation.Action).ToList())));
}
