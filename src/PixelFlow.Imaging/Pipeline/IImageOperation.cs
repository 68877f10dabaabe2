using NetVips;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>
/// One processing step. <see cref="Apply"/> receives the current image (an animated image arrives as a vertical
/// strip of frames, see <see cref="Frames"/>) and returns a new one; it never disposes its input.
/// </summary>
internal interface IImageOperation
{
    Image Apply(Image image, RenderContext context);

    /// <summary>
    /// The step reads its input once, top to bottom, so it can run on libvips' lazy sequential decode (a one-output
    /// job then never holds the decoded image in memory). False for steps that read pixels out of order or twice:
    /// vertical flips, rotations, smart and entropy crops. Most steps do, so that is the default.
    /// </summary>
    bool ReadsInOrder => true;
}
