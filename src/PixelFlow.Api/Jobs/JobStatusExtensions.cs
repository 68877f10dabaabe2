namespace PixelFlow.Api.Jobs;

public static class JobStatusExtensions
{
    /// <summary>Succeeded, failed or canceled: the job never changes again. Decided by <see cref="Wire.JobStatuses"/>, as the worker decides it.</summary>
    public static bool IsTerminal(this JobStatus status) => Wire.JobStatuses.IsTerminal(status.ToWire());

    /// <summary>The status' name in JSON, events, the Redis mirror and replies to the worker.</summary>
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Created => Wire.JobStatuses.Created,
        JobStatus.Queued => Wire.JobStatuses.Queued,
        JobStatus.Processing => Wire.JobStatuses.Processing,
        JobStatus.Succeeded => Wire.JobStatuses.Succeeded,
        JobStatus.Failed => Wire.JobStatuses.Failed,
        JobStatus.Canceled => Wire.JobStatuses.Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a job status."),
    };
}
