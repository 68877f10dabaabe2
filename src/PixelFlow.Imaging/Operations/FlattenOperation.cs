using PixelFlow.Contracts.V1;
using NetVips;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>Remove alpha by compositing onto <c>background</c> (default white); opaque images pass unchanged.</summary>
internal sealed class FlattenOperation(OperationSpec spec) : IImageOperation
{
    public bool ReadsInOrder => true;

    public Image Apply(Image image, RenderContext context)
    {
        if (!image.HasAlpha())
            return image.Share();
        var background = spec.Background is null ? Colour.White : Colour.Parse(spec.Background);
        return image.Flatten(background.Rgb(image));
    }
}
