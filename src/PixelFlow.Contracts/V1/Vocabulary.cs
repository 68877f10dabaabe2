using PixelFlow.Contracts.V1.Operations;

namespace PixelFlow.Contracts.V1;

/// <summary>
/// Action names of <see cref="OperationSpec.Action"/> (sharp's and imgproxy's vocabulary); each is defined by its
/// descriptor in <see cref="OperationCatalog"/>.
/// </summary>
public static class Actions
{
    public const string Resize = "resize";
    public const string Crop = "crop";
    public const string Rotate = "rotate";
    public const string Flip = "flip";
    public const string Flop = "flop";
    public const string Blur = "blur";
    public const string Sharpen = "sharpen";
    public const string Grayscale = "grayscale";
    public const string Flatten = "flatten";
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
    public const string Center = "center";
    public const string North = "north";
    public const string NorthEast = "northeast";
    public const string East = "east";
    public const string SouthEast = "southeast";
    public const string South = "south";
    public const string SouthWest = "southwest";
    public const string West = "west";
    public const string NorthWest = "northwest";

    /// <summary>crop only: libvips attention (saliency).</summary>
    public const string Smart = "smart";

    /// <summary>crop only: libvips entropy.</summary>
    public const string Entropy = "entropy";

    public static readonly IReadOnlyList<string> Compass =
        [Center, North, NorthEast, East, SouthEast, South, SouthWest, West, NorthWest];

    public static readonly IReadOnlyList<string> ForCrop = [.. Compass, Smart, Entropy];
}
