using System.Buffers.Binary;
using System.Text;
using NetVips;

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
            if (offset < 0 || size < 12 || offset + size > icc.Length)
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
                if (off >= 0 && len >= 0 && off + len <= size)
                    return Encoding.BigEndianUnicode.GetString(tag.Slice(off, len)).TrimEnd('\0');
            }

            return null;
        }

        return null;
    }
}
