namespace PixelFlow.Contracts.V1;

/// <summary>The one table of encoder options and defaults, one row per output format.</summary>
public static class Encodings
{
    public const int MinQuality = 1;
    public const int MaxQuality = 100;

    public static FormatEncoding Jpeg { get; } = new(OutputFormats.Jpeg, 80, null, null, null, Lossless: false, Progressive: true);

    public static FormatEncoding Png { get; } = new(OutputFormats.Png, null, "setting it writes an 8-bit palette image at that quality",
        new EffortRange(0, 9, 6), "the zlib compression level", Lossless: false, Progressive: true);

    public static FormatEncoding Webp { get; } = new(OutputFormats.Webp, 80, null, new EffortRange(0, 6, 4), null, Lossless: true, Progressive: false);

    /// <remarks>
    /// AVIF (AV1) encoding is by far the most expensive step (1600×1200 at effort 4 ≈ 2 s on one core, effort 0 ≈
    /// 0.2 s): the default effort is kept low; clients raise it per output when size matters more than time.
    /// </remarks>
    public static FormatEncoding Avif { get; } = new(OutputFormats.Avif, 50, null, new EffortRange(0, 9, 2),
        "kept low: AVIF is by far the costliest encode", Lossless: false, Progressive: false);

    public static FormatEncoding Gif { get; } = new(OutputFormats.Gif, null, "not used", null, null, Lossless: false, Progressive: false);

    public static FormatEncoding Tiff { get; } = new(OutputFormats.Tiff, null, "setting it writes JPEG-compressed strips at that quality (deflate without it)",
        null, null, Lossless: false, Progressive: false);

    /// <summary>Every concrete format (not <c>auto</c>), in documentation order.</summary>
    public static IReadOnlyList<FormatEncoding> All { get; } = [Jpeg, Png, Webp, Avif, Gif, Tiff];

    /// <summary>
    /// gif's palette search effort (libvips 1–10): not an output option, so it is the encoder's own choice, libvips'
    /// default.
    /// </summary>
    public const int GifPaletteEffort = 7;

    /// <summary>The row of <paramref name="format"/>; null for <c>auto</c> and unknown names.</summary>
    public static FormatEncoding? For(string format) => All.FirstOrDefault(encoding => encoding.Format == format);
}
