namespace PixelFlow.Contracts.V1.Operations;

/// <summary>Free text of a bounded length, optionally of a stricter syntax.</summary>
public sealed class TextField(string name, Func<OperationSpec, string?> read, int maxLength, string summary) : StringField(name, read, summary)
{
    public int MaxLength { get; } = maxLength;

    /// <summary>A stricter syntax than the length, with the message that states it.</summary>
    public (Func<string, bool> IsValid, string Rule)? Syntax { get; init; }

    /// <summary>Said after the length rule in the error message, e.g. an example of a valid value.</summary>
    public string? Hint { get; init; }

    public override string? Problem(OperationSpec spec, OperationLimits limits)
    {
        if (Read(spec) is not { } value)
        {
            return null;
        }

        if (value.Length == 0 || value.Length > MaxLength)
        {
            return $"Must be 1–{MaxLength} characters{(Hint is null ? "" : $" ({Hint})")}.";
        }

        return Syntax is { } syntax && !syntax.IsValid(value) ? syntax.Rule : null;
    }

    public override string Accepts(OperationLimits limits) => $"1–{MaxLength} characters";
}
