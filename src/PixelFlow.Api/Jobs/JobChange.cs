namespace PixelFlow.Api.Jobs;

/// <summary>Something that happened to a job: a status change, or one finished output.</summary>
/// <param name="Job">The job after the change (tracked by the context that saves it).</param>
/// <param name="EventType">One of <see cref="JobEventTypes"/>.</param>
/// <param name="PreviousStatus">The status before the change.</param>
/// <param name="Output">For <see cref="JobEventTypes.OutputCompleted"/>.</param>
/// <param name="Usage">For finished jobs, when the worker reported it.</param>
public sealed record JobChange(Job Job, string EventType, JobStatus PreviousStatus, OutputResult? Output = null, JobUsage? Usage = null);
