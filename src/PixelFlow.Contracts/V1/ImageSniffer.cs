using System.Text;

namespace PixelFlow.Contracts.V1;

/// <summary>
/// Recognises the source formats PixelFlow accepts from their first bytes (never from a declared content type). The
/// API refuses anything else with 415 before storing it; the worker refuses it before libvips' loader detection
/// runs, because that detection tries every loader libvips has on the bytes, and some of those hang on hostile input
/// (a truncated gzip-compressed SVG spins forever inside libvips 8.14's SVG sniffing).
/// </summary>
public static class ImageSniffer
{
    /// <summary>Bytes needed to recognise every accepted format.</summary>
    public const int HeadLength = 32;

    public static readonly IReadOnlyList<string> Accepted = ["jpeg", "png", "webp", "gif", "tiff", "heif", "avif"];

    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];
    private static readonly string[] AvifBrands = ["avif", "avis"];

    /// <summary>The format name, or null when the bytes are not one of <see cref="Accepted"/>.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return "jpeg";
        }

        if (head.StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "png";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "webp";
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return "tiff";
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(head[8..12]);
            return AvifBrands.Contains(brand) ? "avif" : HeifBrands.Contains(brand) ? "heif" : null;
        }

        return null;
    }
}
