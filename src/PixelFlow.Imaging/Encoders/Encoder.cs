using NetVips;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Native;
using PixelFlow.Imaging.Operations;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Encoders;

/// <summary>Resolves the output format and encodes with libvips' <c>*save_target</c> operations.</summary>
internal static class Encoder
{
    /// <summary>
    /// The format an output is written in. <c>auto</c> keeps the source's format when it is one browsers show
    /// (jpeg, png, webp, gif, avif); otherwise (tiff, heic) it is jpeg for an opaque image and png when the image
    /// has alpha.
    /// </summary>
    public static ImageFormat Resolve(string requested, ImageFormat source, bool hasAlpha)
    {
        if (requested != OutputFormats.Auto)
        {
            return ImageFormat.FromName(requested) is { } f && f != ImageFormat.Heic
                ? f
                : throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, $"unknown output format '{requested}'");
        }

        if (source == ImageFormat.Jpeg || source == ImageFormat.Png || source == ImageFormat.Webp || source == ImageFormat.Gif || source == ImageFormat.Avif)
            return source;
        return hasAlpha ? ImageFormat.Png : ImageFormat.Jpeg;
    }

    public static EncodedOutput Encode(Image image, OutputSpec spec, ImageFormat format)
    {
        // JPEG has no alpha: flatten on white rather than let the encoder drop the band (black where transparent).
        using var opaque = format == ImageFormat.Jpeg && image.HasAlpha()
            ? image.Flatten(Rgba.White.Rgb(image))
            : image.Share();
        var options = new VOption();
        string saver;
        // Defaults and effort ranges: the contracts' one table (Encodings), which the API validated against.
        switch (format.Name)
        {
            case OutputFormats.Jpeg:
                // Optimised Huffman tables as sharp does by default: 5–10% smaller files for a fraction of the encode.
                saver = "jpegsave_target";
                options.Add("Q", spec.Quality ?? Encodings.Jpeg.DefaultQuality!.Value);
                options.Add("interlace", spec.Progressive ?? false);
                options.Add("optimize_coding", true);
                break;
            case OutputFormats.Png:
                saver = "pngsave_target";
                options.Add("compression", spec.Effort ?? Encodings.Png.Effort!.Default);
                options.Add("interlace", spec.Progressive ?? false);
                options.Add("palette", spec.Quality is not null);
                if (spec.Quality is { } pngQuality)
                    options.Add("Q", pngQuality);
                break;
            case OutputFormats.Webp:
                saver = "webpsave_target";
                options.Add("Q", spec.Quality ?? Encodings.Webp.DefaultQuality!.Value);
                options.Add("lossless", spec.Lossless ?? false);
                options.Add("effort", spec.Effort ?? Encodings.Webp.Effort!.Default);
                break;
            case OutputFormats.Avif:
                saver = "heifsave_target";
                options.Add("compression", Enums.ForeignHeifCompression.Av1);
                options.Add("Q", spec.Quality ?? Encodings.Avif.DefaultQuality!.Value);
                options.Add("effort", spec.Effort ?? Encodings.Avif.Effort!.Default);
                break;
            case OutputFormats.Gif:
                saver = "gifsave_target";
                options.Add("effort", Encodings.GifPaletteEffort);
                break;
            case OutputFormats.Tiff:
                saver = "tiffsave_target";
                options.Add("compression", spec.Quality is null ? Enums.ForeignTiffCompression.Deflate : Enums.ForeignTiffCompression.Jpeg);
                if (spec.Quality is { } tiffQuality)
                    options.Add("Q", tiffQuality);
                break;
            default:
                throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, $"unknown output format '{format.Name}'");
        }

        SaveOptions.StripMetadata(options, spec.StripMetadata);
        var buffer = Save(opaque, saver, options);
        return new EncodedOutput(spec.Id, format, opaque.Width, opaque.PageHeight, opaque.Pages(), buffer);
    }

    /// <summary>
    /// Encodes into a pooled buffer through a custom target: the buffer savers would hand back a fresh array per
    /// output, on the large-object heap above 85 KB, which grows RSS under load until a full collection.
    /// </summary>
    public static PooledBuffer Save(Image image, string saver, VOption options)
    {
        using var target = new PooledTarget();
        Operation.Call(saver, options, image, target.Target);
        return target.TakeBuffer();
    }
}
