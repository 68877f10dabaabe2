namespace PixelFlow.Contracts.V1.Operations;

/// <summary>An operation whose one field is an optional Gaussian <c>sigma</c> (blur, sharpen).</summary>
public sealed class SigmaDescriptor(string action, string summary, string sigmaSummary, double min, double max, double defaultSigma)
    : OperationDescriptor(action, summary)
{
    public NumberField<double> Sigma { get; } = new("sigma", spec => spec.Sigma, sigmaSummary)
    {
        Min = min,
        Max = max,
        Default = defaultSigma,
    };

    public override IReadOnlyList<OperationField> Fields => [Sigma];
}
