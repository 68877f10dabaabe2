namespace PixelFlow.Api.Projects;

/// <summary>A user's role on a project; <see cref="ProjectAccess"/> reads it.</summary>
public sealed class ProjectMember
{
    public Guid ProjectId { get; set; }
    public Guid UserId { get; set; }
    public ProjectRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
