namespace PixelFlow.Contracts.V1.Operations;

/// <summary>A refused value: the field it names (null: the step as a whole) and why.</summary>
public readonly record struct FieldError(string? Field, string Message);
