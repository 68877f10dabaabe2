namespace PixelFlow.Contracts.V1.Operations;

public sealed class WatermarkDescriptor() : OperationDescriptor(Actions.Watermark,
    "Overlay a text or an image asset (exactly one of `text` / `image_key`), built once and composited on every frame.")
{
    public TextField Text { get; } = new("text", spec => spec.Text, 500, "the text to draw (a text watermark)");

    public TextField Font { get; } = new("font", spec => spec.Font, 100, "text watermark: a Pango font description")
    {
        Default = "sans",
        Hint = "a Pango font description such as 'sans bold'",
    };

    public NumberField<int> Size { get; } = new("size", spec => spec.Size, "text watermark: font size in pixels")
    {
        Min = 1,
        Max = 1000,
        Default = 24,
    };

    public ColourField Color { get; } = new("color", spec => spec.Color, "white", "text watermark: its colour");

    public TextField ImageKey { get; } = new("image_key", spec => spec.ImageKey, AssetKeys.MaxLength,
        "the key of one of the project's assets (`PUT /v1/assets/{key}`) to overlay (an image watermark)")
    {
        Syntax = (AssetKeys.IsValid, AssetKeys.Rule),
    };

    public NumberField<double> Scale { get; } = new("scale", spec => spec.Scale, "image watermark: its width relative to the output's")
    {
        Min = 0.01,
        Max = 1,
        Default = 0.25,
    };

    public NumberField<double> Opacity { get; } = new("opacity", spec => spec.Opacity, "0 transparent, 1 opaque")
    {
        Min = 0,
        Max = 1,
        Default = 0.5,
    };

    public ChoiceField Gravity { get; } = new("gravity", spec => spec.Gravity, Gravities.Compass, "where the overlay goes")
    {
        Default = Gravities.SouthEast,
    };

    public NumberField<int> Margin { get; } = new("margin", spec => spec.Margin, "distance from the edges in pixels")
    {
        Min = 0,
        Max = 10_000,
        Default = 10,
    };

    public override IReadOnlyList<OperationField> Fields => [Text, Font, Size, Color, ImageKey, Scale, Opacity, Gravity, Margin];

    protected override IEnumerable<FieldError> CheckTogether(OperationSpec spec)
    {
        var isText = Text.IsSet(spec);
        if (isText == ImageKey.IsSet(spec))
        {
            yield return new FieldError(Text.Name, "watermark needs exactly one of text or image_key.");
        }

        OperationField[] otherKindOnly = isText ? [Scale] : [Font, Size, Color];
        foreach (var field in otherKindOnly.Where(field => field.IsSet(spec)))
        {
            yield return new FieldError(field.Name, isText ? "Only for image watermarks." : "Only for text watermarks.");
        }
    }
}
