namespace PixelFlow.Imaging.Operations;

/// <summary>
/// Rotate clockwise by any angle. Multiples of 90° are exact pixel moves (<c>rot</c>); other angles resample
/// (<c>rotate</c>, bilinear) and fill the exposed corners with <c>background</c> (<see cref="RotateDescriptor"/>; a
/// translucent background adds an alpha band).
/// </summary>
[ImageOperation(Actions.Rotate)]
internal sealed class RotateOperation(OperationSpec spec) : IImageOperation
{
    private double Angle => (OperationCatalog.Rotate.Angle.Of(spec) % 360 + 360) % 360;

    public bool ReadsInOrder => Angle == 0;

    public Image Apply(Image image, RenderContext context)
    {
        var angle = Angle;
        if (angle == 0)
            return image.Share();

        if (angle % 90 == 0)
            return Frames.Map(image, frame => frame.Rot(RightAngle((int)angle)));

        var background = OperationCatalog.Rotate.Background.ColourOf(spec);
        return Frames.Map(image, frame =>
        {
            using var withAlpha = background.WithAlphaFor(frame);
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
