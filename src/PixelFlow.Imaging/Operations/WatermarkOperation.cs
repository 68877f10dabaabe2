using PixelFlow.Imaging.Decoding;

namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Overlay text (<c>text</c>, <c>font</c>, <c>size</c> in pixels, <c>color</c>) or an image asset
/// (<c>image_key</c>, <c>scale</c> = its width relative to the output's) at <c>gravity</c>, <c>margin</c> pixels from
/// the edges, with <c>opacity</c> (fields and defaults: <see cref="WatermarkDescriptor"/>). The overlay is built once
/// and composited on every frame. An image asset is checked against the job's limits from its header like any source
/// (composite inputs are a decompression-bomb vector too).
/// </summary>
[ImageOperation(Actions.Watermark)]
internal sealed class WatermarkOperation(OperationSpec spec) : IImageOperation
{
    private static WatermarkDescriptor Fields => OperationCatalog.Watermark;

    public Image Apply(Image image, RenderContext context)
    {
        using var overlay = Fields.ImageKey.IsSet(spec) ? ImageOverlay(image.Width, context)
            : Fields.Text.IsSet(spec) ? TextOverlay()
            : throw new ImageProcessingException(JobErrorCodes.ProcessingFailed, "a watermark needs text or image_key");

        var frameHeight = image.PageHeight;
        var (x, y) = Gravity.Place(image.Width, frameHeight, overlay.Width, overlay.Height, Fields.Gravity.Of(spec), Fields.Margin.Of(spec));
        var hadAlpha = image.HasAlpha();
        return Frames.Map(image, frame =>
        {
            using var composed = frame.Composite2(overlay, Enums.BlendMode.Over, x, y);
            // composite always answers with alpha; drop it again when the base had none.
            using var srgb = frame.Interpretation == Enums.Interpretation.Bw ? composed.Colourspace(Enums.Interpretation.Bw) : composed.Share();
            return hadAlpha ? srgb.Share() : srgb.ExtractBand(0, n: srgb.Bands - 1);
        });
    }

    private double Opacity => Fields.Opacity.Of(spec);

    private Image TextOverlay()
    {
        var colour = Fields.Color.ColourOf(spec);
        // At 72 dpi one point is one pixel, so the size is in pixels as documented.
        using var mask = Image.Text(System.Security.SecurityElement.Escape(Fields.Text.Of(spec)),
            font: $"{Fields.Font.Of(spec)} {Fields.Size.Of(spec)}", dpi: 72);
        using var rgb = mask.Linear([0, 0, 0], [colour.R, colour.G, colour.B], uchar: true);
        using var alpha = mask.Linear([Opacity * colour.A / 255.0], [0], uchar: true);
        using var joined = rgb.Bandjoin(alpha);
        return joined.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    private Image ImageOverlay(int baseWidth, RenderContext context)
    {
        var imageKey = Fields.ImageKey.Of(spec);
        if (!context.Assets.TryGetValue(imageKey, out var asset) || asset.IsEmpty)
            throw new ImageProcessingException(JobErrorCodes.AssetMissing, $"watermark asset '{imageKey}' was not provided");

        var width = Math.Max(1, (int)Math.Round(baseWidth * Fields.Scale.Of(spec)));
        using var source = SourceProbe.Accept(asset, context.Limits);
        SourceProbe.Read(source, asset.Length, context.Limits);
        using var decoded = Image.ThumbnailSource(source, width, Decoder.FailOnTruncated, height: Decoder.Unbounded);
        using var srgb = decoded.Interpretation == Enums.Interpretation.Srgb ? decoded.Share() : decoded.Colourspace(Enums.Interpretation.Srgb);
        using var withAlpha = srgb.HasAlpha() ? srgb.Share() : ColourBands.AddAlpha(srgb);
        double[] ones = [.. Enumerable.Repeat(1.0, withAlpha.Bands - 1), Opacity];
        double[] zeros = [.. Enumerable.Repeat(0.0, withAlpha.Bands)];
        using var faded = withAlpha.Linear(ones, zeros);
        // Composited on every frame: decode it once.
        return faded.CopyMemory();
    }
}
