using NetVips;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>Mirror top-to-bottom (<c>flip</c>, as sharp) or left-to-right (<c>flop</c>), frame by frame.</summary>
internal sealed class FlipOperation(bool vertical) : IImageOperation
{
    public bool ReadsInOrder => !vertical;

    public Image Apply(Image image, RenderContext context) =>
        Frames.Map(image, frame => frame.Flip(vertical ? Enums.Direction.Vertical : Enums.Direction.Horizontal));
}
