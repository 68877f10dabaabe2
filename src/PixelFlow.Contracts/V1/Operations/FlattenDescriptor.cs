namespace PixelFlow.Contracts.V1.Operations;

public sealed class FlattenDescriptor() : OperationDescriptor(Actions.Flatten,
    "Remove alpha by compositing onto `background`; an opaque image passes unchanged.")
{
    public ColourField Background { get; } = new("background", spec => spec.Background, "white", "the colour under the transparent parts");

    public override IReadOnlyList<OperationField> Fields => [Background];
}
