using NetVips;
using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Operations;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Decoding;

/// <summary>
/// Decodes a source once for all of a job's outputs: libvips' thumbnail with shrink-on-load to the size the
/// largest output needs (JPEG decodes at 1/2, 1/4, 1/8; WebP and HEIF at any scale), EXIF auto-orientation,
/// conversion to 8-bit sRGB, then materialised in memory so several outputs can read it in any order.
/// </summary>
internal static class Decoder
{
    /// <summary>The thumbnail operation's "no limit" for the axis that does not bind.</summary>
    public const int Unbounded = 10_000_000;

    /// <summary>
    /// Loader options for thumbnail: truncated files fail instead of decoding grey. libvips 8.14's thumbnail does not
    /// forward its own fail_on to the loader, so it goes in the loader's option string (which 8.18 reads too).
    /// </summary>
    public const string FailOnTruncated = "fail_on=truncated";

    public sealed record Result(Image Image, string ColourHandling, IReadOnlyList<string> Warnings);

    /// <param name="materialise">
    /// Render the decoded pixels into memory, so that several outputs (or steps that need random access) can read
    /// them. Without it the result is libvips' lazy, sequential pipeline straight from the source bytes, which must
    /// then stay pinned, and decoding errors surface when the pixels are first read.
    /// </param>
    public static Result Decode(Source source, SourceProbe probe, IReadOnlyList<OutputSpec> outputs, bool materialise)
    {
        var (width, height) = Target(probe, outputs);
        var animate = probe.IsAnimated && outputs.Any(o => Encoders.Encoder.Resolve(o.Format, probe.Format, probe.HasAlpha).CanAnimate);

        Image decoded;
        try
        {
            decoded = ShrinksJpeg(probe, width, height)
                ? ShrinkJpeg(source, probe, width, height)
                : Image.ThumbnailSource(source, width, animate ? FailOnTruncated + ",n=-1" : FailOnTruncated, height, Enums.Size.Down);
        }
        catch (VipsException e)
        {
            throw SourceCorrupt(e);
        }

        var warnings = new List<string>();

        using (decoded)
        {
            var (srgb, colourHandling) = ToSrgb(decoded, probe);
            if (!materialise)
                return new Result(srgb, colourHandling, warnings);
            using (srgb)
            {
                try
                {
                    return new Result(srgb.CopyMemory(), colourHandling, warnings);
                }
                catch (VipsException e)
                {
                    throw SourceCorrupt(e);
                }
            }
        }
    }

    /// <summary>
    /// Whether the unmaterialised decode can be read top to bottom: a still image, and no EXIF rotation left to do
    /// on it (the JPEG shrink path rotates its small result in memory).
    /// </summary>
    public static bool ReadsInOrder(SourceProbe probe, IReadOnlyList<OutputSpec> outputs)
    {
        var (width, height) = Target(probe, outputs);
        return !probe.IsAnimated && (probe.Orientation <= 1 || ShrinksJpeg(probe, width, height));
    }

    private static bool ShrinksJpeg(SourceProbe probe, int width, int height) =>
        probe.Format == ImageFormat.Jpeg && (width < probe.DisplayWidth || height < probe.DisplayHeight);

    private static ImageProcessingException SourceCorrupt(VipsException e) =>
        new(JobErrorCodes.SourceCorrupt, $"the source cannot be decoded: {e.Message}", e);

    /// <summary>
    /// JPEG downsizing the way sharp does by default (its <c>fastShrinkOnLoad</c>): libjpeg decodes at the largest
    /// of 1/8, 1/4, 1/2 that still covers the target, and lanczos3 does the rest. libvips' thumbnail keeps at least
    /// a factor of 2 for the final resize (it decodes a 3840 px photo in full for a 1600 px output); libjpeg's
    /// scaled IDCT is itself a proper low-pass filter, so this costs no visible quality and about a fifth of the
    /// CPU (see bench/RESULTS.md). Orientation is applied after scaling, on the small image.
    /// </summary>
    private static Image ShrinkJpeg(Source source, SourceProbe probe, int width, int height)
    {
        // The box in the stored (unrotated) orientation, and the exact size the displayed image will have.
        var rotated = probe.Orientation >= 5;
        var (storedWidth, storedHeight) = (probe.Width, probe.Height);
        var (boxWidth, boxHeight) = rotated ? (height, width) : (width, height);
        var scale = Math.Min(Math.Min((double)boxWidth / storedWidth, (double)boxHeight / storedHeight), 1);
        var targetWidth = Math.Max(1, (int)Math.Round(storedWidth * scale));
        var targetHeight = Math.Max(1, (int)Math.Round(storedHeight * scale));

        var shrink = 1;
        foreach (var candidate in (ReadOnlySpan<int>)[8, 4, 2])
        {
            if (storedWidth >= (long)targetWidth * candidate && storedHeight >= (long)targetHeight * candidate)
            {
                shrink = candidate;
                break;
            }
        }

        using var loaded = Image.JpegloadSource(source, shrink, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
        var scaled = Pipeline.RenderContext.ScaleDirect(loaded, targetWidth, targetHeight);
        if (probe.Orientation <= 1)
            return scaled;

        // Rotation reads the image out of order: render the (small) scaled image first.
        using (scaled)
        using (var inMemory = scaled.CopyMemory())
            return inMemory.Autorot();
    }

    /// <summary>
    /// The thumbnail box: the scale the most demanding output's leading resize needs, on the axis that binds it,
    /// so that a single-output job decodes straight to its final size. Full size when any output starts with
    /// something other than a downsizing resize.
    /// </summary>
    private static (int Width, int Height) Target(SourceProbe probe, IReadOnlyList<OutputSpec> outputs)
    {
        int w = probe.DisplayWidth, h = probe.DisplayHeight;
        (double Scale, bool WidthBinds) best = (0, true);
        foreach (var output in outputs)
        {
            if (output.Steps.Count == 0 || output.Steps[0].Action != Actions.Resize)
                return (w, h);
            var spec = output.Steps[0];
            var (sx, sy) = ResizeOperation.Scales(spec, w, h);
            var scale = Math.Max(sx, sy);
            if (scale >= 1)
                return (w, h);
            if (scale > best.Scale)
                best = (scale, sx >= sy && (spec.Width is not null || spec.Height is null));
        }

        if (best.Scale == 0)
            return (w, h);
        return best.WidthBinds
            ? (Math.Max(1, (int)Math.Round(w * best.Scale)), Unbounded)
            : (Unbounded, Math.Max(1, (int)Math.Round(h * best.Scale)));
    }

    /// <summary>
    /// Colour management to sRGB. libvips 8.14's thumbnail already converts CMYK (with the embedded profile, else
    /// its built-in CMYK profile) but leaves the CMYK profile attached to RGB pixels: drop it. RGB with an embedded
    /// profile other than sRGB is transformed with lcms; grey, 16-bit and other spaces go through colourspace.
    /// </summary>
    private static (Image Image, string Handling) ToSrgb(Image image, SourceProbe probe)
    {
        var interpretation = image.Interpretation.Nick();
        if (probe.Interpretation == "cmyk" || interpretation == "cmyk")
        {
            var how = probe.HasIccProfile ? "CMYK converted to sRGB with the embedded ICC profile" : "CMYK without a profile converted to sRGB with libvips' built-in CMYK profile";
            if (interpretation == "cmyk")
            {
                return (image.IccTransform("srgb", embedded: probe.HasIccProfile, inputProfile: "cmyk"), how);
            }

            return (image.Mutate(m => m.Remove("icc-profile-data")), how);
        }

        if (image.Contains("icc-profile-data") && interpretation is "srgb" or "rgb16")
        {
            var profile = IccProfileProbe.Profile(image);
            if (IccProfileProbe.IsSrgb(profile))
                return (interpretation == "srgb" ? image.Share() : image.Colourspace(Enums.Interpretation.Srgb), "embedded sRGB profile, no conversion");
            var name = IccProfileProbe.Description(profile) ?? "unnamed";
            if (profile is not null && !IccProfileProbe.SupportsRelativeIntent(profile))
            {
                return (image.IccTransform("srgb", intent: Enums.Intent.Perceptual, embedded: true, depth: 8),
                    $"embedded ICC profile ({name}) converted to sRGB with the perceptual intent (the profile has no relative-colorimetric table)");
            }

            return (image.IccTransform("srgb", embedded: true, depth: 8), $"embedded ICC profile ({name}) converted to sRGB");
        }

        if (interpretation == "srgb" && image.Format == Enums.BandFormat.Uchar)
            return (image.Share(), "sRGB, no conversion");

        var converted = image.Colourspace(Enums.Interpretation.Srgb);
        return (converted, $"{interpretation} converted to sRGB");
    }
}
