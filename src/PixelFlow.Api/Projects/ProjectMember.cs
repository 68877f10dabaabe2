namespace PixelFlow.Api.Projects;

/// <summary>A user's role on a project; <see cref="ProjectAccess"/> reads it.</summary>
public sealed class ProjectMember : ProjectOwned
{
    public Guid UserId { get; set; }
    public ProjectRole Role { get; set; }
}
