using PixelFlow.Contracts.V1;
using PixelFlow.Imaging.Native;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>Gaussian blur with <c>sigma</c> (default 1.5), frame by frame so frames do not bleed into each other.</summary>
internal sealed class BlurOperation(OperationSpec spec) : IImageOperation
{
    public bool ReadsInOrder => true;

    public VipsImage Apply(VipsImage image, RenderContext context)
    {
        var sigma = spec.Sigma ?? 1.5;
        return sigma <= 0 ? image.Ref() : Frames.Map(image, frame => frame.Call("gaussblur", ("sigma", sigma)));
    }
}
