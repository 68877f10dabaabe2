namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Crop, in one of three ways:
/// <list type="bullet">
/// <item>a rectangle: <c>left</c>, <c>top</c>, <c>width</c>, <c>height</c> (clamped to the image);</item>
/// <item>a box placed by <c>gravity</c>: a compass point, <c>smart</c> (libvips attention: skin, saturation,
/// edges) or <c>entropy</c>;</item>
/// <item>a box centred on a focal point <c>focus_x</c>/<c>focus_y</c> (0–1), shifted to stay inside the image.</item>
/// </list>
/// On animations the rectangle is chosen once (from the first frame for smart/entropy) and applied to every frame,
/// so the crop does not jump between frames. Fields and rules: <see cref="CropDescriptor"/>.
/// </summary>
[ImageOperation(Actions.Crop)]
internal sealed class CropOperation(OperationSpec spec) : IImageOperation
{
    private static CropDescriptor Fields => OperationCatalog.Crop;

    public bool ReadsInOrder => !Gravity.IsContentAware(Fields.Gravity.Of(spec));

    public Image Apply(Image image, RenderContext context)
    {
        var frameHeight = image.PageHeight;
        var width = Math.Clamp(Fields.Width.Of(spec), 1, image.Width);
        var height = Math.Clamp(Fields.Height.Of(spec), 1, frameHeight);

        int left, top;
        if (Fields.ByRectangle(spec))
        {
            left = Math.Clamp(Fields.Left.Of(spec), 0, image.Width - 1);
            top = Math.Clamp(Fields.Top.Of(spec), 0, frameHeight - 1);
            width = Math.Min(width, image.Width - left);
            height = Math.Min(height, frameHeight - top);
        }
        else if (Fields.ByFocus(spec))
        {
            left = Math.Clamp((int)Math.Round(Fields.FocusX.Of(spec) * image.Width - width / 2.0), 0, image.Width - width);
            top = Math.Clamp((int)Math.Round(Fields.FocusY.Of(spec) * frameHeight - height / 2.0), 0, frameHeight - height);
        }
        else
        {
            using var first = Frames.First(image);
            (left, top) = Place(first, width, height, Fields.Gravity.Of(spec));
        }

        return Frames.Map(image, frame => frame.ExtractArea(left, top, width, height));
    }

    /// <summary>Crops a still or animated image to <paramref name="width"/>×<paramref name="height"/> at <paramref name="gravity"/>.</summary>
    public static Image CropTo(Image image, int width, int height, string? gravity)
    {
        if (image.Width == width && image.PageHeight == height)
            return image.Share();
        using var first = Frames.First(image);
        var (left, top) = Place(first, width, height, gravity);
        return Frames.Map(image, frame => frame.ExtractArea(left, top, width, height));
    }

    /// <summary>Top-left corner of a <paramref name="width"/>×<paramref name="height"/> box at <paramref name="gravity"/>.</summary>
    public static (int Left, int Top) Place(Image image, int width, int height, string? gravity)
    {
        if (Gravity.IsContentAware(gravity))
        {
            using var cropped = image.Smartcrop(width, height,
                gravity == Gravities.Smart ? Enums.Interesting.Attention : Enums.Interesting.Entropy);
            // extract_area records where the crop came from as a negative offset.
            return (Math.Clamp(-cropped.Xoffset, 0, image.Width - width), Math.Clamp(-cropped.Yoffset, 0, image.Height - height));
        }

        return Gravity.Place(image.Width, image.Height, width, height, gravity, 0);
    }
}
