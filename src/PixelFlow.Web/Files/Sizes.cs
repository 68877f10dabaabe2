using System.Globalization;

namespace PixelFlow.Web.Files;

/// <summary>How the Files tab writes sizes and savings.</summary>
public static class Sizes
{
    /// <summary>Bytes in the largest unit that keeps a number ≥ 1 (1 KB = 1024 bytes), e.g. <c>61 KB</c>, <c>2.4 MB</c>.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    /// <summary>A variant's size against the original's: <c>87% smaller</c>, or <c>12% larger</c>.</summary>
    public static string Saving(long variantBytes, long originalBytes)
    {
        if (originalBytes <= 0)
            return "";
        var change = 1 - (double)variantBytes / originalBytes;
        return change >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{change:0%} smaller")
            : string.Create(CultureInfo.InvariantCulture, $"{-change:0%} larger");
    }

    /// <summary>The format part of a media type: <c>image/jpeg</c> → <c>jpeg</c>.</summary>
    public static string Format(string mediaType) => mediaType.StartsWith("image/", StringComparison.Ordinal) ? mediaType["image/".Length..] : mediaType;
}
