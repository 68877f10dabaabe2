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
        var saver = format.Name switch
        {
            OutputFormats.Jpeg => "jpegsave_target",
            OutputFormats.Png => "pngsave_target",
            OutputFormats.Webp => "webpsave_target",
            OutputFormats.Avif => "heifsave_target",
            OutputFormats.Gif => "gifsave_target",
            OutputFormats.Tiff => "tiffsave_target",
            _ => throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, $"unknown output format '{format.Name}'"),
        };

        // What the format takes and its defaults come from the contracts' one table, which the API validated against.
        var encoding = Encodings.For(format.Name)!;
        var options = new VOption();
        if (format == ImageFormat.Gif)
            options.Add("effort", Encodings.GifPaletteEffort); // gifsave has no quality; the API accepts and ignores one
        else if ((spec.Quality ?? encoding.DefaultQuality) is { } quality)
            options.Add("Q", quality);
        if (encoding.Effort is { } effort)
            options.Add(format == ImageFormat.Png ? "compression" : "effort", spec.Effort ?? effort.Default);
        if (encoding.Progressive)
            options.Add("interlace", spec.Progressive ?? false);
        if (encoding.Lossless)
            options.Add("lossless", spec.Lossless ?? false);

        // Optimised Huffman tables as sharp does by default: 5–10% smaller files for a fraction of the encode.
        if (format == ImageFormat.Jpeg)
            options.Add("optimize_coding", true);
        // A png quality asks for an 8-bit palette image (libimagequant) at that quality.
        if (format == ImageFormat.Png)
            options.Add("palette", spec.Quality is not null);
        if (format == ImageFormat.Avif)
            options.Add("compression", Enums.ForeignHeifCompression.Av1);
        if (format == ImageFormat.Tiff)
            options.Add("compression", spec.Quality is null ? Enums.ForeignTiffCompression.Deflate : Enums.ForeignTiffCompression.Jpeg);

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
