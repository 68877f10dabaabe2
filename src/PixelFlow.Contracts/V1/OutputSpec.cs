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

    /// <summary>1–100; the format's default when null.</summary>
    public int? Quality { get; init; }

    /// <summary>WebP lossless mode.</summary>
    public bool? Lossless { get; init; }

    /// <summary>Encoder effort: webp 0–6, avif 0–9, png 0–9 (compression level).</summary>
    public int? Effort { get; init; }

    /// <summary>Progressive (interlaced) JPEG/PNG.</summary>
    public bool? Progressive { get; init; }

    /// <summary>Drop all metadata: EXIF, XMP, IPTC and the ICC profile (the pixels are sRGB, which untagged means). False keeps them, with the profile describing the converted pixels.</summary>
    public bool StripMetadata { get; init; } = true;
}

/// <summary>
/// One operation of an output's pipeline. A flat record keeps the wire format simple and self-describing:
/// each action reads only the fields it documents and the API rejects the others.
/// </summary>
public sealed record OperationSpec
{
    /// <summary>resize | crop | rotate | flip | flop | blur | sharpen | grayscale | flatten | watermark.</summary>
    public required string Action { get; init; }

    /// <summary>resize: target width (1–10000); crop: width of the box.</summary>
    public int? Width { get; init; }

    /// <summary>resize: target height (1–10000); crop: height of the box.</summary>
    public int? Height { get; init; }

    /// <summary>resize: cover | contain | fill | inside | outside (sharp's semantics; default inside).</summary>
    public string? Fit { get; init; }

    /// <summary>resize: never upscale.</summary>
    public bool? WithoutEnlargement { get; init; }

    /// <summary>resize (contain), rotate, flatten: a colour, <c>#rrggbb</c>, <c>#rrggbbaa</c> or a CSS name.</summary>
    public string? Background { get; init; }

    /// <summary>crop: left edge of the box in pixels (with <see cref="Top"/>).</summary>
    public int? Left { get; init; }

    /// <summary>crop: top edge of the box in pixels (with <see cref="Left"/>).</summary>
    public int? Top { get; init; }

    /// <summary>
    /// crop and watermark: center | north | northeast | east | southeast | south | southwest | west | northwest;
    /// crop also smart (libvips attention) | entropy.
    /// </summary>
    public string? Gravity { get; init; }

    /// <summary>crop: focal point, 0–1 across the width.</summary>
    public double? FocusX { get; init; }

    /// <summary>crop: focal point, 0–1 down the height.</summary>
    public double? FocusY { get; init; }

    /// <summary>rotate: degrees clockwise, any value.</summary>
    public double? Angle { get; init; }

    /// <summary>blur, sharpen: Gaussian sigma.</summary>
    public double? Sigma { get; init; }

    /// <summary>watermark: the text to draw (1–500 characters); exclusive with <see cref="ImageKey"/>.</summary>
    public string? Text { get; init; }

    /// <summary>watermark text: a Pango font description, e.g. <c>sans bold</c> (default <c>sans</c>).</summary>
    public string? Font { get; init; }

    /// <summary>watermark text: font size in pixels.</summary>
    public int? Size { get; init; }

    /// <summary>watermark text colour.</summary>
    public string? Color { get; init; }

    /// <summary>watermark: 0–1.</summary>
    public double? Opacity { get; init; }

    /// <summary>watermark: distance from the edge in pixels.</summary>
    public int? Margin { get; init; }

    /// <summary>
    /// watermark image: the project asset's key as the client named it. The API checks it exists; the message
    /// carries the storage key in <see cref="ProcessJob.Assets"/>.
    /// </summary>
    public string? ImageKey { get; init; }

    /// <summary>watermark image: width relative to the output width (0–1).</summary>
    public double? Scale { get; init; }
}

/// <summary>Output format names accepted in <see cref="OutputSpec.Format"/>.</summary>
public static class OutputFormats
{
    public const string Jpeg = "jpeg";
    public const string Png = "png";
    public const string Webp = "webp";
    public const string Avif = "avif";
    public const string Gif = "gif";
    public const string Tiff = "tiff";
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
