namespace PixelFlow.Api.Projects;

/// <summary>
/// A row that belongs to one project (its jobs, files, presets, API keys, members, events and webhook deliveries):
/// read per project, usually in the order made, and removed with the project by <see cref="DeletedProjectPurge"/>.
/// </summary>
public abstract class ProjectOwned
{
    public Guid ProjectId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
