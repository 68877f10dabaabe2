namespace PixelFlow.Contracts.V1.Operations;

/// <summary>A boolean, false unless set.</summary>
public sealed class FlagField(string name, Func<OperationSpec, bool?> read, string summary) : OperationField(name, summary)
{
    public override string JsonType => "boolean";

    public override string DefaultText => "false";

    public bool Of(OperationSpec spec) => read(spec) ?? false;

    public override bool IsSet(OperationSpec spec) => read(spec) is not null;

    public override string? Problem(OperationSpec spec, OperationLimits limits) => null;

    public override string? Accepts(OperationLimits limits) => null;
}
