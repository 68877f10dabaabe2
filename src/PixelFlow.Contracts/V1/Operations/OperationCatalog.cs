namespace PixelFlow.Contracts.V1.Operations;

/// <summary>
/// Every operation a step may name, each defined once by its descriptor. Adding an operation: its name in
/// <see cref="Actions"/>, its descriptor here, and one <c>PixelFlow.Imaging/Operations</c> class marked with the
/// action; validation, the OpenAPI descriptions and the README table follow.
/// </summary>
public static class OperationCatalog
{
    public static ResizeDescriptor Resize { get; } = new();

    public static CropDescriptor Crop { get; } = new();

    public static RotateDescriptor Rotate { get; } = new();

    public static FieldlessDescriptor Flip { get; } = new(Actions.Flip, "Mirror top to bottom (sharp's flip), frame by frame.");

    public static FieldlessDescriptor Flop { get; } = new(Actions.Flop, "Mirror left to right (sharp's flop), frame by frame.");

    /// <remarks>
    /// sigma is optional, as sharpen's is: a plain <c>{"action":"blur"}</c> softens visibly without a tuning step,
    /// and the default is the one the worker always applied.
    /// </remarks>
    public static SigmaDescriptor Blur { get; } = new(Actions.Blur,
        "Gaussian blur, frame by frame so that an animation's frames do not bleed into each other.",
        "the Gaussian's standard deviation in pixels: larger is blurrier", min: 0.3, max: 100, defaultSigma: 1.5);

    public static SigmaDescriptor Sharpen { get; } = new(Actions.Sharpen,
        "Unsharp mask on lightness (libvips sharpen works in LabS): colours and alpha are left alone.",
        "the mask's Gaussian standard deviation in pixels", min: 0.000001, max: 10, defaultSigma: 1);

    public static FieldlessDescriptor Grayscale { get; } = new(Actions.Grayscale,
        "Convert to one grey band, alpha kept; encoders then write a greyscale file where the format can.");

    public static FlattenDescriptor Flatten { get; } = new();

    public static WatermarkDescriptor Watermark { get; } = new();

    /// <summary>In the order the documentation lists them.</summary>
    public static IReadOnlyList<OperationDescriptor> All { get; } = [Resize, Crop, Rotate, Flip, Flop, Blur, Sharpen, Grayscale, Flatten, Watermark];

    private static readonly IReadOnlyDictionary<string, OperationDescriptor> ByAction = All.ToDictionary(descriptor => descriptor.Action);

    /// <summary>One field per wire name: actions that share a name (<c>width</c>) read the same <see cref="OperationSpec"/> property.</summary>
    private static readonly IReadOnlyList<OperationField> EveryField =
        All.SelectMany(descriptor => descriptor.Fields).DistinctBy(field => field.Name).ToList();

    public static OperationDescriptor? For(string? action) => action is null ? null : ByAction.GetValueOrDefault(action);

    /// <summary>The wire names of every operation field.</summary>
    public static IEnumerable<string> FieldNames => EveryField.Select(each => each.Name);

    /// <summary>The wire names of the fields <paramref name="spec"/> sets.</summary>
    public static IEnumerable<string> FieldsSetIn(OperationSpec spec) => EveryField.Where(field => field.IsSet(spec)).Select(field => field.Name);
}
