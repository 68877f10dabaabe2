using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging.Decoding;

/// <summary>Reads an embedded ICC profile's description (e.g. to skip a pointless sRGB → sRGB transform).</summary>
public static unsafe partial class IccProfileProbe
{
    /// <summary>The profile's description, or an empty string when there is none.</summary>
    public static string Describe(VipsImage image) => Description(image) ?? string.Empty;

    internal static bool IsSrgb(VipsImage image) =>
        Description(image) is { } d && d.Contains("sRGB", StringComparison.OrdinalIgnoreCase);

    internal static string? Description(VipsImage image)
    {
        if (!image.Has("icc-profile-data"))
            return null;
        return ReadDescription(image);
    }

    private static string? ReadDescription(VipsImage image)
    {
        var added = false;
        image.DangerousAddRef(ref added);
        try
        {
            if (vips_image_get_blob(image.DangerousGetHandle(), "icc-profile-data", out var data, out var length) != 0)
            {
                LibVips.vips_error_clear();
                return null;
            }

            return Parse(new ReadOnlySpan<byte>((void*)data, (int)length));
        }
        finally
        {
            if (added) image.DangerousRelease();
        }
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

    [LibraryImport(LibVips.Vips, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int vips_image_get_blob(IntPtr image, string name, out IntPtr data, out nuint length);
}
