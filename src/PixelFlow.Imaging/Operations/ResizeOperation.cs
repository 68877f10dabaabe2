namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Resize to <c>width</c> and/or <c>height</c> with sharp's fit modes (fields and defaults: <see cref="ResizeDescriptor"/>):
/// <list type="bullet">
/// <item><c>inside</c>: as large as possible within the box, aspect kept.</item>
/// <item><c>outside</c>: as small as possible while covering the box, aspect kept, nothing cropped.</item>
/// <item><c>cover</c>: cover the box, then crop the overflow at <c>gravity</c>.</item>
/// <item><c>contain</c>: inside, then pad to the box with <c>background</c>.</item>
/// <item><c>fill</c>: stretch to the box, aspect ignored.</item>
/// </list>
/// With one dimension only, every mode keeps the aspect ratio. <c>without_enlargement</c> caps the scale at 1 (the
/// cover/contain box is then clamped to / still padded around the unscaled image).
/// Downsizing from the source is done by libvips' thumbnail with shrink-on-load while decoding (see
/// <see cref="ImageProcessor"/>); this step then only scales the small decoded image, or does nothing when the
/// decode already produced the target.
/// </summary>
[ImageOperation(Actions.Resize)]
internal sealed class ResizeOperation(OperationSpec spec) : IImageOperation
{
    private static ResizeDescriptor Fields => OperationCatalog.Resize;

    public bool ReadsInOrder => Fields.Fit.Of(spec) != FitModes.Cover || !Gravity.IsContentAware(Fields.Gravity.Of(spec));

    public Image Apply(Image image, RenderContext context)
    {
        if (Fields.Width.Read(spec) is null && Fields.Height.Read(spec) is null)
            return image.Share();

        return Frames.Map(image, frame =>
        {
            var (width, height) = ScaledSize(spec, frame.Width, frame.Height);
            using var scaled = context.Scale(frame, width, height);

            var boxWidth = Fields.Width.Read(spec) ?? width;
            var boxHeight = Fields.Height.Read(spec) ?? height;
            return Fields.Fit.Of(spec) switch
            {
                FitModes.Cover => CropOperation.CropTo(scaled, Math.Min(boxWidth, width), Math.Min(boxHeight, height), Fields.Gravity.Of(spec)),
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
        double? sx = Fields.Width.Read(spec) is { } w ? (double)w / width : null;
        double? sy = Fields.Height.Read(spec) is { } h ? (double)h / height : null;
        var fit = Fields.Fit.Of(spec);

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

        return Fields.WithoutEnlargement.Of(spec) ? (Math.Min(scales.X, 1), Math.Min(scales.Y, 1)) : scales;
    }

    private Image Pad(Image image, int boxWidth, int boxHeight)
    {
        if (image.Width == boxWidth && image.Height == boxHeight)
            return image.Share();

        var background = Fields.Background.ColourOf(spec);
        using var withAlpha = background.WithAlphaFor(image);
        return withAlpha.Embed((boxWidth - image.Width) / 2, (boxHeight - image.Height) / 2, boxWidth, boxHeight,
            Enums.Extend.Background, background.For(withAlpha));
    }
}
