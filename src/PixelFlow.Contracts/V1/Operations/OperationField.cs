namespace PixelFlow.Contracts.V1.Operations;

/// <summary>
/// One field of an operation, once: its wire name, what it means, the values it accepts and its default. The API
/// validates with <see cref="Problem"/>, the worker reads its value (default applied) through the typed subclass,
/// and the README table and the OpenAPI descriptions are rendered from <see cref="Describe"/>.
/// </summary>
public abstract class OperationField(string name, string summary)
{
    /// <summary>The snake_case name on the wire (<c>focus_x</c>).</summary>
    public string Name { get; } = name;

    /// <summary>What the field means, one line.</summary>
    public string Summary { get; } = summary;

    /// <summary>The step is invalid without it.</summary>
    public bool Required { get; init; }

    /// <summary>The JSON type: integer, number, boolean or string.</summary>
    public abstract string JsonType { get; }

    /// <summary>The default as the documentation writes it; null when there is none.</summary>
    public abstract string? DefaultText { get; }

    public abstract bool IsSet(OperationSpec spec);

    /// <summary>Why the value <paramref name="spec"/> sets is refused; null when it is unset or acceptable.</summary>
    public abstract string? Problem(OperationSpec spec, OperationLimits limits);

    /// <summary>The accepted values in words (<c>0.3–100</c>, a list of names); null when the type says it all.</summary>
    public abstract string? Accepts(OperationLimits limits);

    /// <summary>One line for the documentation: <c>`sigma` (number, 0.3–100, default `1.5`): …</c>.</summary>
    public string Describe(OperationLimits limits)
    {
        string?[] facts = [JsonType, Accepts(limits), Required ? "required" : null, DefaultText is { } value ? $"default `{value}`" : null];
        return $"`{Name}` ({string.Join(", ", facts.OfType<string>())}): {Summary}";
    }
}
