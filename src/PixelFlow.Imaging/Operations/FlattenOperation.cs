namespace PixelFlow.Imaging.Operations;

/// <summary>Remove alpha by compositing onto <c>background</c> (<see cref="FlattenDescriptor"/>); opaque images pass unchanged.</summary>
[ImageOperation(Actions.Flatten)]
internal sealed class FlattenOperation(OperationSpec spec) : IImageOperation
{
    public Image Apply(Image image, RenderContext context)
    {
        if (!image.HasAlpha())
            return image.Share();
        return image.Flatten(OperationCatalog.Flatten.Background.ColourOf(spec).Rgb(image));
    }
}
