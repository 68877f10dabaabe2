namespace PixelFlow.Contracts.V1.Operations;

public sealed class RotateDescriptor() : OperationDescriptor(Actions.Rotate,
    "Rotate clockwise. Multiples of 90° move pixels exactly; other angles resample and expand the canvas.")
{
    public NumberField<double> Angle { get; } = new("angle", spec => spec.Angle, "degrees clockwise")
    {
        Required = true,
        Min = -36_000,
        Max = 36_000,
    };

    public ColourField Background { get; } = new("background", spec => spec.Background, "black",
        "fills the corners an angle off the right angles exposes (black as sharp's; a translucent one adds alpha)");

    public override IReadOnlyList<OperationField> Fields => [Angle, Background];
}
