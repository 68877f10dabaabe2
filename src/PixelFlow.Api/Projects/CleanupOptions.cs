using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Projects;

/// <summary>What happens to deleted projects (section <c>Cleanup</c>).</summary>
public sealed class CleanupOptions
{
    public const string SectionName = "Cleanup";

    /// <summary>How long a deleted project can be restored before the scheduled purge may remove it.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
