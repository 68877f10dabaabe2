using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Decoding;
using NetVips;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Overlay text (<c>text</c>, <c>font</c>, <c>size</c> in pixels, <c>color</c>) or an image asset
/// (<c>image_key</c>, <c>scale</c> = its width relative to the output's, default 0.25) at <c>gravity</c> (default
/// southeast), <c>margin</c> pixels from the edges (default 10), with <c>opacity</c> 0–1 (default 0.5). The overlay
/// is built once and composited on every frame. An image asset is checked against the job's limits from its
/// header like any source (composite inputs are a decompression-bomb vector too).
/// </summary>
internal sealed class WatermarkOperation(OperationSpec spec) : IImageOperation
{
    public bool ReadsInOrder => true;

    public Image Apply(Image image, RenderContext context)
    {
        using var overlay = spec.ImageKey is not null ? ImageOverlay(image.Width, context)
            : spec.Text is not null ? TextOverlay()
            : throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, "a watermark needs text or image_key");

        var frameHeight = image.PageHeight;
        var margin = spec.Margin ?? 10;
        var (x, y) = Gravity.Place(image.Width, frameHeight, overlay.Width, overlay.Height, spec.Gravity ?? Gravities.SouthEast, margin);
        var hadAlpha = image.HasAlpha();
        return Frames.Map(image, frame =>
        {
            using var composed = frame.Composite2(overlay, Enums.BlendMode.Over, x, y);
            // composite always answers with alpha; drop it again when the base had none.
            using var srgb = frame.Interpretation == Enums.Interpretation.Bw ? composed.Colourspace(Enums.Interpretation.Bw) : composed.Share();
            return hadAlpha ? srgb.Share() : srgb.ExtractBand(0, n: srgb.Bands - 1);
        });
    }

    private double Opacity => Math.Clamp(spec.Opacity ?? 0.5, 0, 1);

    private Image TextOverlay()
    {
        var colour = Colour.Parse(spec.Color ?? "#ffffff");
        // At 72 dpi one point is one pixel, so the size is in pixels as documented.
        using var mask = Image.Text(System.Security.SecurityElement.Escape(spec.Text!), font: $"{spec.Font ?? "sans"} {spec.Size ?? 24}", dpi: 72);
        using var rgb = mask.Linear([0, 0, 0], [colour.R, colour.G, colour.B], uchar: true);
        using var alpha = mask.Linear([Opacity * colour.A / 255.0], [0], uchar: true);
        using var joined = rgb.Bandjoin(alpha);
        return joined.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    private Image ImageOverlay(int baseWidth, RenderContext context)
    {
        if (!context.Assets.TryGetValue(spec.ImageKey!, out var asset) || asset.IsEmpty)
            throw new ImageProcessingException(JobErrorCodes.AssetMissing, $"watermark asset '{spec.ImageKey}' was not provided");

        var width = Math.Max(1, (int)Math.Round(baseWidth * Math.Clamp(spec.Scale ?? 0.25, 0.01, 1)));
        using var source = SourceProbe.Accept(asset.Span, context.Limits);
        SourceProbe.Read(source, asset.Length, context.Limits);
        using var decoded = Image.ThumbnailSource(source, width, Decoder.FailOnTruncated, height: Decoder.Unbounded);
        using var srgb = decoded.Interpretation == Enums.Interpretation.Srgb ? decoded.Share() : decoded.Colourspace(Enums.Interpretation.Srgb);
        using var withAlpha = srgb.HasAlpha() ? srgb.Share() : Colour.AddAlpha(srgb);
        double[] ones = [.. Enumerable.Repeat(1.0, withAlpha.Bands - 1), Opacity];
        double[] zeros = [.. Enumerable.Repeat(0.0, withAlpha.Bands)];
        using var faded = withAlpha.Linear(ones, zeros);
        // Composited on every frame: decode it once.
        return faded.CopyMemory();
    }
}
