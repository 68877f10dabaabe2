using PixelFlow.Imaging.Native;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>Convert to one grey band (alpha kept); encoders then write a greyscale file where the format can.</summary>
internal sealed class GrayscaleOperation : IImageOperation
{
    public bool ReadsInOrder => true;

    public VipsImage Apply(VipsImage image, RenderContext context) =>
        image.Interpretation == "b-w" ? image.Ref() : image.Colourspace("b-w");
}
