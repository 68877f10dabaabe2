using System.ComponentModel.DataAnnotations;

namespace PixelFlow.Api.Events;

/// <summary>Settings of the realtime event streams (section <c>Events</c>).</summary>
public sealed class JobEventsOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// How long a stream may stay silent before it sends a <c>: heartbeat</c> comment, so proxies and load
    /// balancers with idle timeouts keep the connection open and clients notice a dead one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a stream re-reads the event log without being told to: the safety net for a Redis notification
    /// lost while Redis was unreachable. Notifications make delivery immediate; this only bounds the worst case.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most events read from Postgres per query (a resume far back is sent in several batches).</summary>
    [BatchSize]
    public int BatchSize { get; set; } = 500;
}
