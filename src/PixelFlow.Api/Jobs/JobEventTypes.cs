namespace PixelFlow.Api.Jobs;

/// <summary>Names of job events, shared by the event log (SSE), webhooks and metrics.</summary>
public static class JobEventTypes
{
    public const string Queued = "job.queued";
    public const string Processing = "job.processing";
    public const string OutputCompleted = "job.output_completed";
    public const string Succeeded = "job.succeeded";
    public const string Failed = "job.failed";
    public const string Canceled = "job.canceled";

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
