namespace PixelFlow.Contracts.V1;

/// <summary>An inclusive range of encoder effort, with the value used when the output sets none.</summary>
public sealed record EffortRange(int Min, int Max, int Default);
