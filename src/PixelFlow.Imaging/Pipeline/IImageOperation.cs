using PixelFlow.Imaging.Native;

namespace PixelFlow.Imaging.Pipeline;

/// <summary>
/// One processing step. <see cref="Apply"/> receives the current image (an animated image arrives as a vertical
/// strip of frames, see <see cref="Frames"/>) and returns a new one; it never disposes its input.
/// </summary>
internal interface IImageOperation
{
    VipsImage Apply(VipsImage image, RenderContext context);
}
