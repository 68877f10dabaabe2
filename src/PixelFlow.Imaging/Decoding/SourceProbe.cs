using System.Runtime.InteropServices;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging.Decoding;

/// <summary>
/// What the header says, read before any pixel is decoded: the loader (by sniffing the bytes), dimensions, frames,
/// orientation, colour. Limits are checked here so a decompression bomb is refused before it costs anything.
/// </summary>
internal sealed record SourceProbe(
    string Loader,
    ImageFormat Format,
    int Width,
    int Height,
    int Frames,
    int Orientation,
    string Interpretation,
    bool HasIccProfile,
    bool HasAlpha,
    long Bytes)
{
    /// <summary>
    /// Loaders allowed for untrusted input, by libvips nickname. SVG, PDF, ImageMagick, JPEG XL, JPEG 2000, FITS,
    /// OpenSlide… are refused whatever libvips can load: each widens the attack surface for no product gain.
    /// </summary>
    public static readonly IReadOnlySet<string> AllowedLoaders = new HashSet<string>(StringComparer.Ordinal)
    {
        "jpegload_buffer", "pngload_buffer", "webpload_buffer", "gifload_buffer", "tiffload_buffer", "heifload_buffer",
    };

    /// <summary>Displayed width, after EXIF orientation.</summary>
    public int DisplayWidth => Orientation >= 5 ? Height : Width;

    /// <summary>Displayed height, after EXIF orientation.</summary>
    public int DisplayHeight => Orientation >= 5 ? Width : Height;

    public bool IsAnimated => Frames > 1;

    public static unsafe SourceProbe Read(VipsPinnedBlob source, ProcessingLimits limits)
    {
        if (source.Length == 0)
            throw new ImageProcessingException(JobErrorCodes.SourceEmpty, "the source is empty");
        if (source.Length > limits.MaxBytes)
            throw new ImageProcessingException(JobErrorCodes.SourceTooLarge, $"the source is {source.Length} bytes; the limit is {limits.MaxBytes}");

        // Only what the bytes show to be an accepted format reaches libvips' loader detection (see ImageSniffer).
        if (ImageSniffer.Sniff(new ReadOnlySpan<byte>((void*)source.Pointer, (int)Math.Min(source.Length, ImageSniffer.HeadLength))) is null)
            throw new ImageProcessingException(JobErrorCodes.UnsupportedFormat, "the source is not an image format the service reads");

        var loaderName = LibVips.vips_foreign_find_load_buffer((void*)source.Pointer, (nuint)source.Length);
        if (loaderName == IntPtr.Zero)
        {
            LibVips.vips_error_clear();
            throw new ImageProcessingException(JobErrorCodes.UnsupportedFormat, "the source is not an image format the service reads");
        }

        // The sniffer answers with a class name; the allowlist and the generic API use nicknames.
        var loader = Marshal.PtrToStringUTF8(LibVips.vips_nickname_find(LibVips.g_type_from_name(Marshal.PtrToStringUTF8(loaderName)!))) ?? "";
        if (!AllowedLoaders.Contains(loader))
            throw new ImageProcessingException(JobErrorCodes.UnsupportedFormat, $"'{loader.Replace("load_buffer", "", StringComparison.Ordinal)}' sources are not accepted");

        VipsImage header;
        try
        {
            // Building a loader reads the header only; pixels are decoded later, on demand.
            header = VipsOperation.Image(loader, ("buffer", source), ("fail_on", "truncated"));
        }
        catch (VipsException e)
        {
            throw new ImageProcessingException(JobErrorCodes.SourceCorrupt, $"the source header cannot be read: {e.Message}", e);
        }

        using (header)
        {
            var format = loader switch
            {
                "jpegload_buffer" => ImageFormat.Jpeg,
                "pngload_buffer" => ImageFormat.Png,
                "webpload_buffer" => ImageFormat.Webp,
                "gifload_buffer" => ImageFormat.Gif,
                "tiffload_buffer" => ImageFormat.Tiff,
                _ => header.GetString("heif-compression") == "av1" ? ImageFormat.Avif : ImageFormat.Heic,
            };

            // Only GIF and WebP pages are animation frames; other multi-page files are processed as their first page.
            var frames = format.CanAnimate ? Math.Max(1, header.FilePages) : 1;
            var probe = new SourceProbe(loader, format, header.Width, header.Height, frames, header.Orientation,
                header.Interpretation, header.Has("icc-profile-data"), header.HasAlpha, source.Length);

            if (frames > limits.MaxFrames)
                throw new ImageProcessingException(JobErrorCodes.TooManyFrames, $"the source has {frames} frames; the limit is {limits.MaxFrames}");
            var pixels = (long)probe.Width * probe.Height * frames;
            if (pixels > limits.MaxPixels)
                throw new ImageProcessingException(JobErrorCodes.TooManyPixels,
                    $"the source is {probe.Width}×{probe.Height}{(frames > 1 ? $"×{frames} frames" : "")} = {pixels} pixels; the limit is {limits.MaxPixels}");
            return probe;
        }
    }
}
