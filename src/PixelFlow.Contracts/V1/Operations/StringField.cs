namespace PixelFlow.Contracts.V1.Operations;

/// <summary>A field whose wire value is a string.</summary>
public abstract class StringField(string name, Func<OperationSpec, string?> read, string summary) : OperationField(name, summary)
{
    public string? Default { get; init; }

    public override string JsonType => "string";

    public override string? DefaultText => Default;

    /// <summary>The value the step sets, without the default.</summary>
    public string? Read(OperationSpec spec) => read(spec);

    /// <summary>The value the step sets, else the default (a field with neither was refused by validation).</summary>
    public string Of(OperationSpec spec) =>
        read(spec) ?? Default ?? throw new InvalidOperationException($"'{Name}' is unset and has no default: the step was not validated.");

    public override bool IsSet(OperationSpec spec) => read(spec) is not null;
}
