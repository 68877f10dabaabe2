using PixelFlow.Contracts.V1;
using NetVips;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>Gaussian blur with <c>sigma</c> (default 1.5), frame by frame so frames do not bleed into each other.</summary>
internal sealed class BlurOperation(OperationSpec spec) : IImageOperation
{
    public bool ReadsInOrder => true;

    public Image Apply(Image image, RenderContext context)
    {
        var sigma = spec.Sigma ?? 1.5;
        return sigma <= 0 ? image.Share() : Frames.Map(image, frame => frame.Gaussblur(sigma));
    }
}
