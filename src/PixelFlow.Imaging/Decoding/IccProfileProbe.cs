using System.Buffers.Binary;
using System.Text;
using NetVips;
using PixelFlow.Contracts.V1;

namespace PixelFlow.Imaging.Decoding;

/// <summary>Reads an embedded ICC profile's description (e.g. to skip a pointless sRGB → sRGB transform).</summary>
public static class IccProfileProbe
{
    /// <summary>The profile's description, or an empty string when there is none.</summary>
    public static string Describe(Image image) => Description(Profile(image)) ?? string.Empty;

    /// <summary>The embedded ICC profile's bytes, or null.</summary>
    internal static byte[]? Profile(Image image) =>
        image.Contains("icc-profile-data") ? image.Get("icc-profile-data") as byte[] : null;

    internal static bool IsSrgb(byte[]? profile) =>
        Description(profile) is { } d && d.Contains("sRGB", StringComparison.OrdinalIgnoreCase);

    internal static string? Description(byte[]? profile) => profile is null ? null : Parse(profile);

    /// <summary>
    /// Whether the profile serves libvips' default rendering intent, relative colorimetric: it has an A2B1 table, or
    /// is a matrix/TRC profile (which serves every intent), or has no device-to-PCS table to choose from. A profile
    /// made of perceptual tables only (JPEG XL's XYB profile: A2B0/B2A0) does not, and lcms' fallback then gives
    /// wrong colours (green skin, purple clothes); <c>vips icc_transform --intent perceptual</c> reads it right.
    /// </summary>
    internal static bool SupportsRelativeIntent(ReadOnlySpan<byte> icc) =>
        HasTag(icc, "A2B1"u8) || HasTag(icc, "rTRC"u8) || HasTag(icc, "kTRC"u8) || !HasTag(icc, "A2B0"u8);

    private static bool HasTag(ReadOnlySpan<byte> icc, ReadOnlySpan<byte> signature)
    {
        if (icc.Length < 132)
            return false;
        var count = BinaryPrimitives.ReadInt32BigEndian(icc[128..]);
        for (var i = 0; i < count && 132 + (i + 1) * 12 <= icc.Length; i++)
        {
            if (icc.Slice(132 + i * 12, 4).SequenceEqual(signature))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Where the region [<paramref name="start"/>, start + <paramref name="length"/>) of a profile ends. Both come from
    /// the file: a region reaching past 2 GiB is in no profile any software writes (and in int arithmetic it would wrap
    /// to a negative end that passes the bounds check), so the source is refused as corrupt rather than retried.
    /// </summary>
    private static long EndOf(int start, int length)
    {
        var end = (long)start + length;
        return end <= int.MaxValue
            ? end
            : throw new ImageProcessingException(JobErrorCodes.SourceCorrupt, "The embedded ICC profile is corrupt: a tag reaches past 2 GiB.");
    }

    /// <summary>The <c>desc</c> tag of an ICC profile: v2 textDescriptionType or v4 multiLocalizedUnicodeType.</summary>
    internal static string? Parse(ReadOnlySpan<byte> icc)
    {
        if (icc.Length < 132)
            return null;
        var count = BinaryPrimitives.ReadInt32BigEndian(icc[128..]);
        for (var i = 0; i < count && 132 + (i + 1) * 12 <= icc.Length; i++)
        {
            var entry = icc.Slice(132 + i * 12, 12);
            if (!entry[..4].SequenceEqual("desc"u8))
                continue;
            var offset = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var size = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            if (offset < 0 || size < 12 || EndOf(offset, size) > icc.Length)
                return null;
            var tag = icc.Slice(offset, size);
            if (tag[..4].SequenceEqual("desc"u8))
            {
                var n = BinaryPrimitives.ReadInt32BigEndian(tag[8..]);
                return Encoding.ASCII.GetString(tag.Slice(12, Math.Clamp(n, 0, size - 12))).TrimEnd('\0');
            }

            if (tag[..4].SequenceEqual("mluc"u8) && size >= 28)
            {
                var len = BinaryPrimitives.ReadInt32BigEndian(tag[20..]);
                var off = BinaryPrimitives.ReadInt32BigEndian(tag[24..]);
                if (off >= 0 && len >= 0 && EndOf(off, len) <= size)
                    return Encoding.BigEndianUnicode.GetString(tag.Slice(off, len)).TrimEnd('\0');
            }

            return null;
        }

        return null;
    }
}
