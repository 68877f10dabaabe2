using System.Globalization;
using System.Numerics;

namespace PixelFlow.Contracts.V1.Operations;

/// <summary>An integer or a number within a range.</summary>
public sealed class NumberField<T>(string name, Func<OperationSpec, T?> read, string summary) : OperationField(name, summary)
    where T : struct, INumber<T>
{
    public T? Min { get; init; }

    public T? Max { get; init; }

    /// <summary>The upper bound is the deployment's <see cref="OperationLimits.MaxOutputDimension"/> (a width or height).</summary>
    public bool IsOutputDimension { get; init; }

    public T? Default { get; init; }

    public override string JsonType => typeof(T) == typeof(int) ? "integer" : "number";

    public override string? DefaultText => Default is { } value ? Format(value) : null;

    /// <summary>The value the step sets, without the default.</summary>
    public T? Read(OperationSpec spec) => read(spec);

    /// <summary>The value the step sets, else the default (a field with neither was refused by validation).</summary>
    public T Of(OperationSpec spec) =>
        read(spec) ?? Default ?? throw new InvalidOperationException($"'{Name}' is unset and has no default: the step was not validated.");

    public override bool IsSet(OperationSpec spec) => read(spec) is not null;

    public override string? Problem(OperationSpec spec, OperationLimits limits)
    {
        var max = MaxFor(limits);
        if (read(spec) is not { } value ||
            (!T.IsNaN(value) && !(Min is { } low && value < low) && !(max is { } high && value > high)))
        {
            return null;
        }

        return Range(limits, inWords: true) is { } range ? $"Must be {range}." : "Must be a number.";
    }

    public override string? Accepts(OperationLimits limits) => Range(limits, inWords: false);

    private string? Range(OperationLimits limits, bool inWords) => (Min, MaxFor(limits)) switch
    {
        ({ } low, { } high) => inWords ? $"between {Format(low)} and {Format(high)}" : $"{Format(low)}–{Format(high)}",
        ({ } low, null) => inWords ? $"at least {Format(low)}" : $"≥ {Format(low)}",
        (null, { } high) => inWords ? $"at most {Format(high)}" : $"≤ {Format(high)}",
        _ => null,
    };

    private T? MaxFor(OperationLimits limits) => IsOutputDimension ? T.CreateChecked(limits.MaxOutputDimension) : Max;

    private static string Format(T value) => double.CreateChecked(value).ToString("0.######", CultureInfo.InvariantCulture);
}
