namespace PixelFlow.Api.Projects;

/// <summary>A project's rate limit; null fields mean the service default.</summary>
public sealed record RateLimitResponse(int? Capacity, double? RefillPerSecond);
