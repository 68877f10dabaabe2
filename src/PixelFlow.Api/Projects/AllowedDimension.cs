namespace PixelFlow.Api.Projects;

/// <summary>An output size a project allows; a null side means any value on that side.</summary>
public sealed record AllowedDimension(int? Width, int? Height);
