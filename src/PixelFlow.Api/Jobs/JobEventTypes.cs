namespace PixelFlow.Api.Jobs;

/// <summary>Names of job events, shared by the event log (SSE), webhooks and metrics.</summary>
public static class JobEventTypes
{
    /// <summary>A status change's event is this and the status' wire name.</summary>
    private const string Prefix = "job.";

    public const string Queued = Prefix + Wire.JobStatuses.Queued;
    public const string Processing = Prefix + Wire.JobStatuses.Processing;
    public const string OutputCompleted = Prefix + "output_completed";
    public const string Succeeded = Prefix + Wire.JobStatuses.Succeeded;
    public const string Failed = Prefix + Wire.JobStatuses.Failed;
    public const string Canceled = Prefix + Wire.JobStatuses.Canceled;

    public static string ForStatus(JobStatus status) => status switch
    {
        JobStatus.Queued => Queued,
        JobStatus.Processing => Processing,
        JobStatus.Succeeded => Succeeded,
        JobStatus.Failed => Failed,
        JobStatus.Canceled => Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No event for this status."),
    };

    private static readonly IReadOnlyDictionary<string, JobStatus> StatusByType = Enum.GetValues<JobStatus>()
        .Where(status => status != JobStatus.Created)
        .ToDictionary(ForStatus);

    /// <summary>Whether an event of this type ends its job's stream: its status is terminal.</summary>
    public static bool IsTerminal(string type) => StatusByType.TryGetValue(type, out var status) && status.IsTerminal();
}
