namespace PixelFlow.Imaging.Operations;

/// <summary>A colour (parsed by the contracts' one parser, <see cref="Colors"/>) as band values of an image.</summary>
internal static class ColourBands
{
    /// <summary>The colour as band values for <paramref name="image"/> (grey or sRGB, with alpha when it has one).</summary>
    public static double[] For(this Rgba colour, Image image) => (image.Bands, image.HasAlpha()) switch
    {
        (1, _) => [Grey(colour)],
        (2, true) => [Grey(colour), colour.A],
        (4, true) => [colour.R, colour.G, colour.B, colour.A],
        _ => [colour.R, colour.G, colour.B],
    };

    /// <summary>The colour without alpha, for flattening.</summary>
    public static double[] Rgb(this Rgba colour, Image image) => image.Bands <= 2 ? [Grey(colour)] : [colour.R, colour.G, colour.B];

    /// <summary>Adds an opaque alpha band.</summary>
    public static Image AddAlpha(Image image) => image.BandjoinConst([255.0]);

    /// <summary>Adds an opaque alpha band when <paramref name="colour"/> is translucent and <paramref name="image"/> has none, so the colour keeps its alpha.</summary>
    public static Image WithAlphaFor(this Rgba colour, Image image) =>
        colour.A < 255 && !image.HasAlpha() ? AddAlpha(image) : image.Share();

    private static double Grey(Rgba colour) => Math.Round(0.2126 * colour.R + 0.7152 * colour.G + 0.0722 * colour.B);
}
