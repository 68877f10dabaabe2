using NetVips;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>What the pipeline reads from and does to NetVips images beyond NetVips' own typed API.</summary>
internal static class Images
{
    /// <summary>
    /// Another owned handle to the same picture, for a step that leaves its input unchanged (every step returns an
    /// image its caller disposes). NetVips hands out no second reference to one libvips image, so this is libvips'
    /// copy: a new header over the same pixels, no pixel work.
    /// </summary>
    public static Image Share(this Image image) => image.Copy();

    /// <summary>Frames stacked vertically in this image (1 for a still).</summary>
    public static int Pages(this Image image) => image.PageHeight == image.Height ? 1 : image.Height / image.PageHeight;

    /// <summary>Pages the file holds (header <c>n-pages</c>), whether or not they were loaded.</summary>
    public static int FilePages(this Image image) => image.Contains("n-pages") ? (int)image.Get("n-pages") : 1;

    /// <summary>EXIF orientation 1–8 (1 when absent).</summary>
    public static int Orientation(this Image image) =>
        image.Contains("orientation") && image.Get("orientation") is int o && o is >= 1 and <= 8 ? o : 1;

    public static string? GetString(this Image image, string field) =>
        image.Contains(field) ? image.Get(field) as string : null;

    /// <summary>A copy with <c>page-height</c> set (the frame height of an animation strip).</summary>
    public static Image WithPageHeight(this Image image, int pageHeight) =>
        image.Mutate(m => m.Set(GValue.GIntType, "page-height", pageHeight));

    /// <summary>libvips' nickname of an interpretation, e.g. srgb, cmyk, b-w, rgb16 (what reports show).</summary>
    public static string Nick(this Enums.Interpretation interpretation) => interpretation switch
    {
        Enums.Interpretation.Bw => "b-w",
        _ => interpretation.ToString().ToLowerInvariant(),
    };
}
