namespace PixelFlow.Api.Cleanup;

/// <summary>
/// One run of a cleanup task (table <c>cleanup_runs</c>): requested by an operator or fired by its schedule, then
/// started and finished by whichever instance the job store gave it to.
/// </summary>
public sealed class CleanupRun
{
    /// <summary>The longest <see cref="Error"/> stored; a longer message is cut.</summary>
    public const int MaxErrorLength = 2000;

    public Guid Id { get; set; }
    public required string Task { get; set; }

    /// <summary><see cref="CleanupTriggers.Schedule"/> or <see cref="CleanupTriggers.Operator"/>.</summary>
    public required string Trigger { get; set; }

    public bool DryRun { get; set; }

    /// <summary>The Quartz instance id of the API instance that ran it.</summary>
    public string? Instance { get; set; }

    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public long Objects { get; set; }
    public long Rows { get; set; }
    public long BytesFreed { get; set; }

    /// <summary>Why the run stopped early; what it removed before that is still counted.</summary>
    public string? Error { get; set; }

    public string Status => FinishedAt is not null ? Error is null ? "succeeded" : "failed" : StartedAt is not null ? "running" : "pending";
}

public static class CleanupTriggers
{
    public const string Schedule = "schedule";
    public const string Operator = "operator";
}
