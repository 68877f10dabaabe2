namespace PixelFlow.Imaging.Operations;

/// <summary>Convert to one grey band (alpha kept); encoders then write a greyscale file where the format can.</summary>
[ImageOperation(Actions.Grayscale)]
internal sealed class GrayscaleOperation : IImageOperation
{
    public Image Apply(Image image, RenderContext context) =>
        image.Interpretation == Enums.Interpretation.Bw ? image.Share() : image.Colourspace(Enums.Interpretation.Bw);
}
