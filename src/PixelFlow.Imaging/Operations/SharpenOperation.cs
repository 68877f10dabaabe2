namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Unsharp mask on lightness (libvips <c>sharpen</c>, which works in LabS and so leaves colours alone) with
/// <c>sigma</c> (<see cref="OperationCatalog.Sharpen"/>). Alpha is set aside and re-attached untouched.
/// </summary>
[ImageOperation(Actions.Sharpen)]
internal sealed class SharpenOperation(OperationSpec spec) : IImageOperation
{
    public Image Apply(Image image, RenderContext context)
    {
        var sigma = OperationCatalog.Sharpen.Sigma.Of(spec);
        return Frames.Map(image, frame =>
        {
            if (!frame.HasAlpha())
                return Sharpen(frame, sigma);
            using var colour = frame.ExtractBand(0, frame.Bands - 1);
            using var alpha = frame.ExtractBand(frame.Bands - 1);
            using var sharpened = Sharpen(colour, sigma);
            return sharpened.Bandjoin(alpha);
        });
    }

    private static Image Sharpen(Image image, double sigma)
    {
        using var sharpened = image.Sharpen(sigma);
        // sharpen answers in 16-bit sRGB for 8-bit input: back to the 8-bit space the pipeline works in.
        return sharpened.Colourspace(image.Interpretation);
    }
}
