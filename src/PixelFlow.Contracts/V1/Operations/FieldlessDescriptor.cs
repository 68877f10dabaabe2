namespace PixelFlow.Contracts.V1.Operations;

/// <summary>An operation without fields (flip, flop, grayscale).</summary>
public sealed class FieldlessDescriptor(string action, string summary) : OperationDescriptor(action, summary)
{
    public override IReadOnlyList<OperationField> Fields => [];
}
