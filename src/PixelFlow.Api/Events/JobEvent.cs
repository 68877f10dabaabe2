namespace PixelFlow.Api.Events;

/// <summary>
/// One entry of a project's event log: a job status change or a finished output. <see cref="Sequence"/> is the
/// SSE event id (per project, gap-free); streams resume after it.
/// </summary>
public sealed class JobEvent : ProjectOwned
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public Guid JobId { get; set; }

    /// <summary>job.queued | job.processing | job.output_completed | job.succeeded | job.failed | job.canceled.</summary>
    public required string Type { get; set; }

    /// <summary>The event's JSON body as streamed.</summary>
    public required string Data { get; set; }
}
