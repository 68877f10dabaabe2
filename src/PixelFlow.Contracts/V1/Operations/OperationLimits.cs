namespace PixelFlow.Contracts.V1.Operations;

/// <summary>The deployment's limits that some field ranges depend on (configured in the API as <c>Jobs:*</c>).</summary>
/// <param name="MaxOutputDimension">Largest width or height a resize or crop may ask for.</param>
public sealed record OperationLimits(int MaxOutputDimension)
{
    public static OperationLimits Default { get; } = new(10_000);
}
