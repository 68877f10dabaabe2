namespace PixelFlow.Api.Projects;

/// <summary>A named output definition stored in a project, used as <c>{"id":"x","preset":"name"}</c>.</summary>
public sealed class Preset : ProjectOwned
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The normalised output (its <see cref="OutputSpec.Id"/> is replaced by the job's output id).</summary>
    public required OutputSpec Output { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
