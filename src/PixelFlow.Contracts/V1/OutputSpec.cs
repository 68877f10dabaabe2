namespace PixelFlow.Contracts.V1;

/// <summary>
/// One named output of a job, already normalised by the API: the ordered operations and the encoding.
/// The request's one-action shorthand (<c>{"id","action":"resize","width":150,"format":"webp"}</c>) arrives here as a
/// single step.
/// </summary>
public sealed record OutputSpec
{
    /// <summary>Client-chosen output id, unique within the job (e.g. <c>thumb_small</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Operations applied in order after EXIF auto-orientation.</summary>
    public IReadOnlyList<OperationSpec> Steps { get; init; } = [];

    /// <summary>jpeg | png | webp | avif | gif | tiff | auto.</summary>
    public string Format { get; init; } = OutputFormats.Auto;

    /// <summary>1–100; the format's default when null (see <see cref="Encodings"/>).</summary>
    public int? Quality { get; init; }

    /// <summary>Lossless mode, for the formats <see cref="Encodings"/> says take it.</summary>
    public bool? Lossless { get; init; }

    /// <summary>Encoder effort, within the format's range in <see cref="Encodings"/>; its default when null.</summary>
    public int? Effort { get; init; }

    /// <summary>Progressive (interlaced) JPEG/PNG.</summary>
    public bool? Progressive { get; init; }

    /// <summary>Drop all metadata: EXIF, XMP, IPTC and the ICC profile (the pixels are sRGB, which untagged means). False keeps them, with the profile describing the converted pixels.</summary>
    public bool StripMetadata { get; init; } = true;
}

/// <summary>
/// One operation of an output's pipeline. A flat record keeps the wire format simple and self-describing: each
/// action reads only its own fields and the API rejects the others. Which action reads which field, with its range,
/// default and meaning, is defined once in <see cref="Operations.OperationCatalog"/>; the summaries here only say
/// what kind of value each field holds.
/// </summary>
public sealed record OperationSpec
{
    /// <summary>The operation's name, one of <see cref="Actions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>A width in pixels.</summary>
    public int? Width { get; init; }

    /// <summary>A height in pixels.</summary>
    public int? Height { get; init; }

    /// <summary>A resize fit mode, one of <see cref="FitModes"/>.</summary>
    public string? Fit { get; init; }

    /// <summary>Never scale up.</summary>
    public bool? WithoutEnlargement { get; init; }

    /// <summary>A colour in the syntax of <see cref="Colors"/>.</summary>
    public string? Background { get; init; }

    /// <summary>A left edge in pixels.</summary>
    public int? Left { get; init; }

    /// <summary>A top edge in pixels.</summary>
    public int? Top { get; init; }

    /// <summary>A placement, one of <see cref="Gravities"/>.</summary>
    public string? Gravity { get; init; }

    /// <summary>A focal point's position across the width, 0 to 1.</summary>
    public double? FocusX { get; init; }

    /// <summary>A focal point's position down the height, 0 to 1.</summary>
    public double? FocusY { get; init; }

    /// <summary>An angle in degrees, clockwise.</summary>
    public double? Angle { get; init; }

    /// <summary>A Gaussian sigma in pixels.</summary>
    public double? Sigma { get; init; }

    /// <summary>Text to draw.</summary>
    public string? Text { get; init; }

    /// <summary>A Pango font description.</summary>
    public string? Font { get; init; }

    /// <summary>A font size in pixels.</summary>
    public int? Size { get; init; }

    /// <summary>A colour in the syntax of <see cref="Colors"/>.</summary>
    public string? Color { get; init; }

    /// <summary>An opacity, 0 to 1.</summary>
    public double? Opacity { get; init; }

    /// <summary>A distance from the edges in pixels.</summary>
    public int? Margin { get; init; }

    /// <summary>
    /// A project asset's key as the client named it. The API checks it exists; the message carries the storage key
    /// in <see cref="ProcessJob.Assets"/>.
    /// </summary>
    public string? ImageKey { get; init; }

    /// <summary>A size relative to the output's width, 0 to 1.</summary>
    public double? Scale { get; init; }
}

/// <summary>Output format names accepted in <see cref="OutputSpec.Format"/>.</summary>
public static class OutputFormats
{
    /// <summary>Formats with an encoder (<see cref="Encodings"/>).</summary>
    public const string Jpeg = "jpeg", Png = "png", Webp = "webp", Avif = "avif", Gif = "gif", Tiff = "tiff";

    /// <summary>The source's format when browsers show it; otherwise jpeg when opaque, png with alpha.</summary>
    public const string Auto = "auto";

    public static readonly IReadOnlyList<string> All = [Jpeg, Png, Webp, Avif, Gif, Tiff, Auto];
}

/// <summary>Limits checked from the source header before any decode.</summary>
/// <param name="MaxPixels">All frames summed.</param>
/// <param name="MaxBytes">Source size.</param>
/// <param name="MaxFrames">Animation frames.</param>
public sealed record ProcessingLimits(long MaxPixels, long MaxBytes, int MaxFrames)
{
    public static ProcessingLimits Default { get; } = new(40_000_000, 50L * 1024 * 1024, 200);
}
