namespace PixelFlow.Contracts.V1.Operations;

public sealed class CropDescriptor() : OperationDescriptor(Actions.Crop,
    "Cut a `width`×`height` box placed by one of `left`+`top`, `gravity` or `focus_x`+`focus_y` (centred without one); " +
    "a box larger than the image is clamped to it. An animation is cut at the same place in every frame.")
{
    public NumberField<int> Width { get; } = new("width", spec => spec.Width, "width of the box in pixels")
    {
        Required = true,
        Min = 1,
        IsOutputDimension = true,
    };

    public NumberField<int> Height { get; } = new("height", spec => spec.Height, "height of the box in pixels")
    {
        Required = true,
        Min = 1,
        IsOutputDimension = true,
    };

    public NumberField<int> Left { get; } = new("left", spec => spec.Left, "left edge of the box in pixels, with `top`") { Min = 0 };

    public NumberField<int> Top { get; } = new("top", spec => spec.Top, "top edge of the box in pixels, with `left`") { Min = 0 };

    public ChoiceField Gravity { get; } = new("gravity", spec => spec.Gravity, Gravities.ForCrop,
        "where the box goes: a compass point, `smart` (libvips attention: skin, saturation, edges) or `entropy`")
    {
        Default = Gravities.Center,
    };

    public NumberField<double> FocusX { get; } = new("focus_x", spec => spec.FocusX,
        "focal point across the width, with `focus_y`: the box is centred on it, shifted to stay inside the image")
    {
        Min = 0,
        Max = 1,
    };

    public NumberField<double> FocusY { get; } = new("focus_y", spec => spec.FocusY, "focal point down the height, with `focus_x`")
    {
        Min = 0,
        Max = 1,
    };

    public override IReadOnlyList<OperationField> Fields => [Width, Height, Left, Top, Gravity, FocusX, FocusY];

    /// <summary>A rectangle: the box's corner is given.</summary>
    public bool ByRectangle(OperationSpec spec) => Left.IsSet(spec) || Top.IsSet(spec);

    /// <summary>A focal point: the box is centred on it.</summary>
    public bool ByFocus(OperationSpec spec) => FocusX.IsSet(spec) || FocusY.IsSet(spec);

    protected override IEnumerable<FieldError> CheckTogether(OperationSpec spec)
    {
        if (new[] { ByRectangle(spec), ByFocus(spec), Gravity.IsSet(spec) }.Count(placement => placement) > 1)
        {
            yield return new FieldError(null, "crop takes one placement: left+top, gravity, or focus_x+focus_y.");
        }

        (OperationField Missing, OperationField Partner)[] pairs = [(Left, Top), (Top, Left), (FocusX, FocusY), (FocusY, FocusX)];
        foreach (var (missing, partner) in pairs)
        {
            if (partner.IsSet(spec) && !missing.IsSet(spec))
            {
                yield return new FieldError(missing.Name, $"Required with {partner.Name}.");
            }
        }
    }
}
