using PixelFlow.Contracts.V1;
using NetVips;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Resize to <c>width</c> and/or <c>height</c> with sharp's fit modes (default <c>inside</c>):
/// <list type="bullet">
/// <item><c>inside</c>: as large as possible within the box, aspect kept.</item>
/// <item><c>outside</c>: as small as possible while covering the box, aspect kept, nothing cropped.</item>
/// <item><c>cover</c>: cover the box, then crop the overflow (at <c>gravity</c>, default centre).</item>
/// <item><c>contain</c>: inside, then pad to the box with <c>background</c> (default opaque black, as sharp).</item>
/// <item><c>fill</c>: stretch to the box, aspect ignored.</item>
/// </list>
/// With one dimension only, every mode keeps the aspect ratio. <c>without_enlargement</c> caps the scale at 1 (the
/// cover/contain box is then clamped to / still padded around the unscaled image).
/// Downsizing from the source is done by libvips' thumbnail with shrink-on-load while decoding (see
/// <see cref="ImageProcessor"/>); this step then only scales the small decoded image, or does nothing when the
/// decode already produced the target.
/// </summary>
internal sealed class ResizeOperation(OperationSpec spec) : IImageOperation
{
    public string Fit { get; } = spec.Fit ?? FitModes.Inside;

    public bool ReadsInOrder => Fit != FitModes.Cover || !Gravity.IsContentAware(spec.Gravity);

    public Image Apply(Image image, RenderContext context)
    {
        if (spec.Width is null && spec.Height is null)
            return image.Share();

        return Frames.Map(image, frame =>
        {
            var (width, height) = ScaledSize(spec, frame.Width, frame.Height);
            using var scaled = context.Scale(frame, width, height);

            var boxWidth = spec.Width ?? width;
            var boxHeight = spec.Height ?? height;
            return Fit switch
            {
                FitModes.Cover => CropOperation.CropTo(scaled, Math.Min(boxWidth, width), Math.Min(boxHeight, height), spec.Gravity),
                FitModes.Contain => Pad(scaled, boxWidth, boxHeight),
                _ => scaled.Share(),
            };
        });
    }

    /// <summary>The size this step scales a <paramref name="width"/>×<paramref name="height"/> image to, before any crop or pad.</summary>
    public static (int Width, int Height) ScaledSize(OperationSpec spec, int width, int height)
    {
        var (sx, sy) = Scales(spec, width, height);
        return (Math.Max(1, (int)Math.Round(width * sx)), Math.Max(1, (int)Math.Round(height * sy)));
    }

    /// <summary>The horizontal and vertical scale this step applies to a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public static (double X, double Y) Scales(OperationSpec spec, int width, int height)
    {
        double? sx = spec.Width is { } w ? (double)w / width : null;
        double? sy = spec.Height is { } h ? (double)h / height : null;
        var fit = spec.Fit ?? FitModes.Inside;

        (double X, double Y) scales = (sx, sy) switch
        {
            (null, null) => (1, 1),
            ({ } x, null) => (x, x),
            (null, { } y) => (y, y),
            ({ } x, { } y) => fit switch
            {
                FitModes.Fill => (x, y),
                FitModes.Cover or FitModes.Outside => (Math.Max(x, y), Math.Max(x, y)),
                _ => (Math.Min(x, y), Math.Min(x, y)),
            },
        };

        return spec.WithoutEnlargement == true ? (Math.Min(scales.X, 1), Math.Min(scales.Y, 1)) : scales;
    }

    private Image Pad(Image image, int boxWidth, int boxHeight)
    {
        if (image.Width == boxWidth && image.Height == boxHeight)
            return image.Share();

        var background = Colour.Parse(spec.Background ?? "#000000");
        using var withAlpha = background.A < 255 && !image.HasAlpha() ? Colour.AddAlpha(image) : image.Share();
        return withAlpha.Embed((boxWidth - image.Width) / 2, (boxHeight - image.Height) / 2, boxWidth, boxHeight,
            Enums.Extend.Background, background.For(withAlpha));
    }
}
