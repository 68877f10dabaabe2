using System.ComponentModel.DataAnnotations;
using Quartz;

namespace PixelFlow.Api.Cleanup;

/// <summary>The cleanup scheduler's settings (configuration section <c>Cleanup</c>).</summary>
public sealed class CleanupOptions : IValidatableObject
{
    public const string SectionName = "Cleanup";

    /// <summary>
    /// Whether this instance runs cleanup tasks and keeps their schedules in the job store. An instance with false
    /// still accepts <c>POST /v1/admin/cleanup-runs</c>: the run waits in the shared store for an instance that runs them.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The cluster this instance is a node of: the Quartz scheduler name, the key of its rows in the job store. Every
    /// node of a cluster may take any fire of it and runs the task with its own services and settings (bucket,
    /// retention, clock), so instances that differ in those must not share one: a deployment sharing the database with
    /// another (staging beside production) takes a name of its own, as does each test instance. The clock matters too:
    /// Quartz 4.7.3 runs on the container's <see cref="TimeProvider"/> (its <c>UseTimeProvider</c> replaces the
    /// container's, application included), so a node whose application clock is shifted checks in and stores fire times
    /// in its own time, where the other nodes take it for dead and never reach its fires.
    /// </summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string ClusterName { get; set; } = "pixelflow-cleanup";

    /// <summary>How often each instance records that it is alive in the job store; another instance takes over the runs of one silent for longer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Quartz cron expressions (UTC) by task name, replacing a task's default schedule; an empty one stops that task's
    /// schedule (operators can still run it).
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = [];

    /// <summary>Scheduled runs only report what they would remove (an operator's run chooses for itself).</summary>
    public bool DryRun { get; set; }

    /// <summary>Objects (or rows) handed to the references or deleted per batch.</summary>
    [BatchSize]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long soft-deleted projects and files are kept before their rows and objects are purged.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// An object no row references is deleted only once it is this old: an upload in flight, or a job whose row commits
    /// after its first object, is never taken for an orphan. Hours at the least, so a slow client is never swept.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan OrphanMinAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A job still <c>created</c> (its source never arrived) this long after creation fails as expired.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan UnsourcedExpiry { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Schedules.Where(schedule => schedule.Value.Length > 0 && !CronExpression.TryParse(schedule.Value, out _))
            .Select(schedule => new ValidationResult(
                $"Cleanup:Schedules:{schedule.Key} '{schedule.Value}' is not a Quartz cron expression (e.g. '0 30 3 * * ?').",
                [nameof(Schedules)]));

    /// <summary>The cron schedule a task runs on, or null when it has none (an empty expression).</summary>
    public string? ScheduleOf(ICleanupTask task) =>
        (Schedules.TryGetValue(task.Name, out var configured) ? configured : task.DefaultSchedule) is { Length: > 0 } schedule ? schedule : null;
}
