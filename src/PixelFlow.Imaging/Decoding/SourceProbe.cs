using System.Runtime.InteropServices;
using NetVips;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Pipeline;
using LibvipsGlobals = NetVips.NetVips;

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
    /// Loaders allowed for untrusted input, by libvips nickname (the engine also blocks every other loader class,
    /// see <see cref="Native.Libvips"/>). SVG, PDF, ImageMagick, JPEG XL, JPEG 2000, FITS, OpenSlide… are refused
    /// whatever libvips can load: each widens the attack surface for no product gain.
    /// </summary>
    public static readonly IReadOnlySet<string> AllowedLoaders = new HashSet<string>(StringComparer.Ordinal)
    {
        "jpegload_source", "pngload_source", "webpload_source", "gifload_source", "tiffload_source", "heifload_source",
    };

    /// <summary>Displayed width, after EXIF orientation.</summary>
    public int DisplayWidth => Orientation >= 5 ? Height : Width;

    /// <summary>Displayed height, after EXIF orientation.</summary>
    public int DisplayHeight => Orientation >= 5 ? Width : Height;

    public bool IsAnimated => Frames > 1;

    /// <summary>
    /// Checks size and magic bytes, then hands the bytes to libvips. Only what the bytes show to be an accepted format
    /// ever reaches libvips.
    /// </summary>
    /// <remarks>
    /// A whole array is lent, not copied: NetVips pins it for as long as the <see cref="Source"/> lives, so the
    /// caller must not change it and must dispose the source only after every image read from it (the materialised
    /// decode reads nothing from it afterwards). Copying a multi-megabyte photo into a fresh libvips blob cost a page
    /// fault per 4 KiB and the copy itself, 3–5 % of a thumbnail's CPU (bench/RESULTS.md). Any other memory is copied.
    /// </remarks>
    public static Source Accept(ReadOnlyMemory<byte> source, ProcessingLimits limits)
    {
        var bytes = source.Span;
        if (bytes.IsEmpty)
            throw new ImageProcessingException(JobErrorCodes.SourceEmpty, "the source is empty");
        if (bytes.Length > limits.MaxBytes)
            throw new ImageProcessingException(JobErrorCodes.SourceTooLarge, $"the source is {bytes.Length} bytes; the limit is {limits.MaxBytes}");
        // libvips' loader detection tries every loader it has on the bytes, and some hang on hostile input (see ImageSniffer).
        var format = ImageSniffer.Sniff(bytes[..Math.Min(bytes.Length, ImageSniffer.HeadLength)]);
        if (format is null)
            throw new ImageProcessingException(JobErrorCodes.UnsupportedFormat, "the source is not an image format the service reads");
        if (!ImageProcessor.Decodes(format))
            throw new ImageProcessingException(JobErrorCodes.UnsupportedFormat,
                $"this worker's libvips ({Native.Libvips.Build}) cannot decode {format} sources; the HEIC worker (system libvips) does");
        return MemoryMarshal.TryGetArray(source, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? Source.NewFromMemory(segment.Array)
            : Source.NewFromMemory(bytes);
    }

    public static SourceProbe Read(Source source, long length, ProcessingLimits limits)
    {
        var loader = LoaderNickname(Image.FindLoadSource(source));
        if (loader is null)
            throw new ImageProcessingException(JobErrorCodes.UnsupportedFormat, "the source is not an image format the service reads");
        if (!AllowedLoaders.Contains(loader))
            throw new ImageProcessingException(JobErrorCodes.UnsupportedFormat, $"'{loader.Replace("load_source", "", StringComparison.Ordinal)}' sources are not accepted");

        Image header;
        try
        {
            // Building a loader reads the header only; pixels are decoded later, on demand.
            header = (Image)Operation.Call(loader, new VOption { { "fail_on", Enums.FailOn.Truncated } }, source);
        }
        catch (VipsException e)
        {
            throw new ImageProcessingException(JobErrorCodes.SourceCorrupt, $"the source header cannot be read: {e.Message}", e);
        }

        using (header)
        {
            var format = loader switch
            {
                "jpegload_source" => ImageFormat.Jpeg,
                "pngload_source" => ImageFormat.Png,
                "webpload_source" => ImageFormat.Webp,
                "gifload_source" => ImageFormat.Gif,
                "tiffload_source" => ImageFormat.Tiff,
                _ => header.GetString("heif-compression") == "av1" ? ImageFormat.Avif : ImageFormat.Heic,
            };

            // Only GIF and WebP pages are animation frames; other multi-page files are processed as their first page.
            var frames = format.CanAnimate ? Math.Max(1, header.FilePages()) : 1;
            var probe = new SourceProbe(loader, format, header.Width, header.Height, frames, header.Orientation(),
                header.Interpretation.Nick(), header.Contains("icc-profile-data"), header.HasAlpha(), length);

            if (frames > limits.MaxFrames)
                throw new ImageProcessingException(JobErrorCodes.TooManyFrames, $"the source has {frames} frames; the limit is {limits.MaxFrames}");
            var pixels = (long)probe.Width * probe.Height * frames;
            if (pixels > limits.MaxPixels)
                throw new ImageProcessingException(JobErrorCodes.TooManyPixels,
                    $"the source is {probe.Width}×{probe.Height}{(frames > 1 ? $"×{frames} frames" : "")} = {pixels} pixels; the limit is {limits.MaxPixels}");
            return probe;
        }
    }

    // libvips answers with the loader's class name (VipsForeignLoadJpegSource); the allowlist uses nicknames.
    private static string? LoaderNickname(string? loader)
    {
        if (loader is null)
            return null;
        var type = LibvipsGlobals.TypeFromName(loader);
        return type == IntPtr.Zero ? loader : LibvipsGlobals.NicknameFind(type);
    }
}
