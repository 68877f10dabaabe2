using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Recovery;

/// <summary>The recovery sweep's settings (configuration section <c>Recovery</c>).</summary>
public sealed class RecoveryOptions
{
    public const string SectionName = "Recovery";

    public bool Enabled { get; set; } = true;

    /// <summary>Time between sweeps (each API instance tries; one at a time gets to sweep).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A job still <c>processing</c> this long after it started has lost its worker: the worker's own deadline
    /// (Worker:JobTimeout, 2 min) would have failed it, even after each of its outage retries (about 90 s in all) ran it
    /// again from the start.
    /// </summary>
    [Deadline]
    public TimeSpan ProcessingDeadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A job <c>queued</c> this long with no command left in the outbox: its command was lost (given up by the broker
    /// or the worker's retries without a fault reaching the API). Longer than any backlog the queue should hold;
    /// a command that was only slow meets a job its worker sees as settled or already running.
    /// </summary>
    [Deadline]
    public TimeSpan QueuedDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A job whose every output is recorded but which has no terminal status this long after it started: its
    /// <c>JobSucceeded</c> was lost. Longer than the event consumer's own retries (about eight minutes), so a
    /// retried event, which carries the full usage, wins when it can.
    /// </summary>
    [Deadline]
    public TimeSpan OutputsCompleteDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A multipart job still <c>created</c> this long after its upload: left so by a failure between creating and queuing.</summary>
    [Deadline]
    public TimeSpan CreatedDeadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Jobs settled per sweep at most (the next sweep takes the rest).</summary>
    [BatchSize]
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// The bounds of the recovery deadlines: a second at least, a day at most. A job is judged lost only once each of these
/// has passed since its last step, so they differ by what each waits for, not by how they are bounded.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DeadlineAttribute() : RangeAttribute(typeof(TimeSpan), "00:00:01", "1.00:00:00");
