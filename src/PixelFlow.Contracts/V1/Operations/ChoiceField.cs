namespace PixelFlow.Contracts.V1.Operations;

/// <summary>One name out of a fixed list.</summary>
public sealed class ChoiceField(string name, Func<OperationSpec, string?> read, IReadOnlyList<string> choices, string summary)
    : StringField(name, read, summary)
{
    public IReadOnlyList<string> Choices { get; } = choices;

    public override string? Problem(OperationSpec spec, OperationLimits limits) =>
        Read(spec) is { } value && !Choices.Contains(value)
            ? $"Unknown value '{value}': use one of {string.Join(", ", Choices)}."
            : null;

    public override string Accepts(OperationLimits limits) => $"one of {string.Join(", ", Choices.Select(choice => $"`{choice}`"))}";
}
