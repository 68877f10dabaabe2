namespace PixelFlow.Api.Projects;

/// <summary>A project's job limits; null = the service default.</summary>
public sealed record ProjectLimitsBody(long? MaxSourcePixels)
{
    public const long MaxSourcePixelsCeiling = 1_000_000_000;

    /// <summary>Adds what is wrong to <paramref name="errors"/>, field names after <paramref name="prefix"/>.</summary>
    public void Validate(string prefix, Dictionary<string, string[]> errors)
    {
        if (MaxSourcePixels is < 1 or > MaxSourcePixelsCeiling)
        {
            errors[prefix + "max_source_pixels"] = [$"Must be between 1 and {MaxSourcePixelsCeiling}, or null."];
        }
    }
}
