namespace PixelFlow.Imaging.Operations;

/// <summary>Gaussian blur (<see cref="OperationCatalog.Blur"/>), frame by frame so frames do not bleed into each other.</summary>
[ImageOperation(Actions.Blur)]
internal sealed class BlurOperation(OperationSpec spec) : IImageOperation
{
    public Image Apply(Image image, RenderContext context)
    {
        var sigma = OperationCatalog.Blur.Sigma.Of(spec);
        return Frames.Map(image, frame => frame.Gaussblur(sigma));
    }
}
