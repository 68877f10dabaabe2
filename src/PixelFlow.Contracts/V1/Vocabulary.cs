using PixelFlow.Contracts.V1.Operations;

namespace PixelFlow.Contracts.V1;

/// <summary>
/// Action names of <see cref="OperationSpec.Action"/> (sharp's and imgproxy's vocabulary); each is defined by its
/// descriptor in <see cref="OperationCatalog"/>.
/// </summary>
public static class Actions
{
    /// <summary>Geometry: size, region and orientation.</summary>
    public const string Resize = "resize", Crop = "crop", Rotate = "rotate", Flip = "flip", Flop = "flop";

    /// <summary>Pixels: detail, colour, and alpha flattened onto a background.</summary>
    public const string Blur = "blur", Sharpen = "sharpen", Grayscale = "grayscale", Flatten = "flatten";

    /// <summary>Composition: an image or a text laid over the output.</summary>
    public const string Watermark = "watermark";

    public static IReadOnlyList<string> All { get; } = [.. OperationCatalog.All.Select(descriptor => descriptor.Action)];
}

/// <summary>Resize fit modes, with sharp's semantics.</summary>
public static class FitModes
{
    /// <summary>Fill the box, cropping the overflow (gravity center).</summary>
    public const string Cover = "cover";

    /// <summary>Fit inside the box and pad to it with the background.</summary>
    public const string Contain = "contain";

    /// <summary>Stretch to the box, ignoring aspect ratio.</summary>
    public const string Fill = "fill";

    /// <summary>Fit inside the box, keeping aspect ratio (default).</summary>
    public const string Inside = "inside";

    /// <summary>Cover the box, keeping aspect ratio, without cropping.</summary>
    public const string Outside = "outside";

    public static readonly IReadOnlyList<string> All = [Cover, Contain, Fill, Inside, Outside];
}

/// <summary>Placement names for crop and watermark.</summary>
public static class Gravities
{
    /// <summary>The centre and the eight compass points (<see cref="Compass"/>).</summary>
    public const string Center = "center",
        North = "north", NorthEast = "northeast", East = "east", SouthEast = "southeast",
        South = "south", SouthWest = "southwest", West = "west", NorthWest = "northwest";

    /// <summary>crop only: libvips attention (saliency).</summary>
    public const string Smart = "smart";

    /// <summary>crop only: libvips entropy.</summary>
    public const string Entropy = "entropy";

    public static readonly IReadOnlyList<string> Compass =
        [Center, North, NorthEast, East, SouthEast, South, SouthWest, West, NorthWest];

    public static readonly IReadOnlyList<string> ForCrop = [.. Compass, Smart, Entropy];
}
