using System.Globalization;
using PixelFlow.Contracts.V1;
using NetVips;

namespace PixelFlow.Imaging.Operations;

/// <summary>An sRGB colour parsed from <c>#rgb</c>, <c>#rrggbb</c>, <c>#rrggbbaa</c> or a CSS name.</summary>
internal readonly record struct Colour(byte R, byte G, byte B, byte A)
{
    private static readonly Dictionary<string, Colour> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["black"] = new(0, 0, 0, 255), ["white"] = new(255, 255, 255, 255), ["red"] = new(255, 0, 0, 255),
        ["green"] = new(0, 128, 0, 255), ["lime"] = new(0, 255, 0, 255), ["blue"] = new(0, 0, 255, 255),
        ["yellow"] = new(255, 255, 0, 255), ["cyan"] = new(0, 255, 255, 255), ["aqua"] = new(0, 255, 255, 255),
        ["magenta"] = new(255, 0, 255, 255), ["fuchsia"] = new(255, 0, 255, 255), ["gray"] = new(128, 128, 128, 255),
        ["grey"] = new(128, 128, 128, 255), ["silver"] = new(192, 192, 192, 255), ["maroon"] = new(128, 0, 0, 255),
        ["olive"] = new(128, 128, 0, 255), ["navy"] = new(0, 0, 128, 255), ["purple"] = new(128, 0, 128, 255),
        ["teal"] = new(0, 128, 128, 255), ["orange"] = new(255, 165, 0, 255), ["pink"] = new(255, 192, 203, 255),
        ["transparent"] = new(0, 0, 0, 0),
    };

    public static Colour White { get; } = new(255, 255, 255, 255);

    public static Colour Parse(string text)
    {
        if (Named.TryGetValue(text.Trim(), out var named))
            return named;

        var hex = text.Trim().TrimStart('#');
        if (hex.Length == 3)
            hex = string.Concat(hex.Select(c => new string(c, 2)));
        if ((hex.Length == 6 || hex.Length == 8) && uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
        {
            return hex.Length == 6
                ? new((byte)(v >> 16), (byte)(v >> 8), (byte)v, 255)
                : new((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v);
        }

        throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, $"'{text}' is not a colour");
    }

    /// <summary>The colour as band values for <paramref name="image"/> (grey or sRGB, with alpha when it has one).</summary>
    public double[] For(Image image) => (image.Bands, image.HasAlpha()) switch
    {
        (1, _) => [Grey],
        (2, true) => [Grey, A],
        (4, true) => [R, G, B, A],
        _ => [R, G, B],
    };

    /// <summary>The colour without alpha, for flattening.</summary>
    public double[] Rgb(Image image) => image.Bands <= 2 ? [Grey] : [R, G, B];

    private double Grey => Math.Round(0.2126 * R + 0.7152 * G + 0.0722 * B);

    /// <summary>Adds an opaque alpha band.</summary>
    public static Image AddAlpha(Image image) => image.BandjoinConst([255.0]);
}
