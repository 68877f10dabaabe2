namespace PixelFlow.Contracts.V1.Operations;

public sealed class ResizeDescriptor() : OperationDescriptor(Actions.Resize,
    "Scale to `width` and/or `height` (with one of them, the aspect ratio is kept); downsizing from the source uses shrink-on-load.")
{
    public NumberField<int> Width { get; } = new("width", spec => spec.Width, "target width in pixels")
    {
        Min = 1,
        IsOutputDimension = true,
    };

    public NumberField<int> Height { get; } = new("height", spec => spec.Height, "target height in pixels")
    {
        Min = 1,
        IsOutputDimension = true,
    };

    public ChoiceField Fit { get; } = new("fit", spec => spec.Fit, FitModes.All,
        "how the image meets a width×height box, with sharp's semantics: `inside` fits within it, `outside` covers it " +
        "(both keep the aspect ratio), `cover` covers it and crops the overflow (at `gravity`), `contain` fits within it and " +
        "pads with `background`, `fill` stretches to it")
    {
        Default = FitModes.Inside,
    };

    public FlagField WithoutEnlargement { get; } = new("without_enlargement", spec => spec.WithoutEnlargement,
        "never scale up (a `cover` box is then clamped to the image, a `contain` one still padded)");

    public ColourField Background { get; } = new("background", spec => spec.Background, "black",
        "padding colour, only with `fit` `contain` (black as sharp's; a translucent one adds alpha)");

    public ChoiceField Gravity { get; } = new("gravity", spec => spec.Gravity, Gravities.ForCrop,
        "where `fit` `cover` crops, only with it: a compass point, `smart` (libvips attention) or `entropy`")
    {
        Default = Gravities.Center,
    };

    public override IReadOnlyList<OperationField> Fields => [Width, Height, Fit, WithoutEnlargement, Background, Gravity];

    protected override IEnumerable<FieldError> CheckTogether(OperationSpec spec)
    {
        if (!Width.IsSet(spec) && !Height.IsSet(spec))
        {
            yield return new FieldError(Width.Name, "resize needs width, height or both.");
        }

        (OperationField Field, string Mode)[] forOneFit = [(Background, FitModes.Contain), (Gravity, FitModes.Cover)];
        foreach (var (field, mode) in forOneFit.Where(rule => rule.Field.IsSet(spec) && Fit.Read(spec) != rule.Mode))
        {
            yield return new FieldError(field.Name, $"Only with fit '{mode}'.");
        }
    }
}
