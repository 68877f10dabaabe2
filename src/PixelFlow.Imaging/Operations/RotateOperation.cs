using PixelFlow.Contracts.V1;
using NetVips;
using PixelFlow.Imaging.Pipeline;

namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Rotate clockwise by any angle. Multiples of 90° are exact pixel moves (<c>rot</c>); other angles resample
/// (<c>rotate</c>, bilinear) and fill the exposed corners with <c>background</c> (default opaque black, as sharp;
/// a translucent background adds an alpha band).
/// </summary>
internal sealed class RotateOperation(OperationSpec spec) : IImageOperation
{
    public bool ReadsInOrder => (spec.Angle ?? 0) % 360 == 0;

    public Image Apply(Image image, RenderContext context)
    {
        var angle = ((spec.Angle ?? 0) % 360 + 360) % 360;
        if (angle == 0)
            return image.Share();

        if (angle % 90 == 0)
            return Frames.Map(image, frame => frame.Rot(RightAngle((int)angle)));

        var background = Colour.Parse(spec.Background ?? "#000000");
        return Frames.Map(image, frame =>
        {
            using var withAlpha = background.A < 255 && !frame.HasAlpha() ? Colour.AddAlpha(frame) : frame.Share();
            return withAlpha.Rotate(angle, background: background.For(withAlpha));
        });
    }

    private static Enums.Angle RightAngle(int degrees) => degrees switch
    {
        90 => Enums.Angle.D90,
        180 => Enums.Angle.D180,
        _ => Enums.Angle.D270,
    };
}
