namespace PixelFlow.Contracts.V1.Operations;

/// <summary>A colour in the one syntax of <see cref="Colors"/>; it always has a default, since a colour is always needed where it is read.</summary>
public sealed class ColourField : StringField
{
    public ColourField(string name, Func<OperationSpec, string?> read, string defaultColour, string summary) : base(name, read, summary)
    {
        Default = Colors.TryParse(defaultColour, out _) ? defaultColour : throw new ArgumentException($"'{defaultColour}' is not a colour", nameof(defaultColour));
    }

    /// <summary>The colour the step sets, else the default.</summary>
    public Rgba ColourOf(OperationSpec spec) => Colors.Parse(Of(spec));

    public override string? Problem(OperationSpec spec, OperationLimits limits) =>
        Read(spec) is { } value && !Colors.TryParse(value, out _) ? $"Not a colour: use {Colors.Syntax}." : null;

    public override string Accepts(OperationLimits limits) => "a colour";
}
