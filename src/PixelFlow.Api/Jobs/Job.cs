namespace PixelFlow.Api.Jobs;

/// <summary>
/// A source image plus named outputs, and where it stands. <see cref="Status"/> changes only through the
/// <c>Try…</c> transitions below, each of which returns false and changes nothing when the job's status does not
/// allow it: a redelivered or late message (a <c>JobProcessingStarted</c> after <c>JobSucceeded</c>) then leaves the
/// job as it is.
/// </summary>
public sealed class Job : ProjectOwned
{
    public Guid Id { get; set; }

    /// <summary>Starts <see cref="JobStatus.Created"/>; see <see cref="JobStatus"/> for the lifecycle.</summary>
    public JobStatus Status { get; private set; }
    public required string SourceType { get; set; }
    public required string SourceKey { get; set; }
    public string? WebhookUrl { get; set; }

    /// <summary>The normalised outputs, as sent to the worker.</summary>
    public List<OutputSpec> Outputs { get; set; } = [];

    /// <summary>Output id → fixed storage key without extension (see <see cref="ProcessJob.OutputKeys"/>); null for plain jobs.</summary>
    public Dictionary<string, string>? OutputKeys { get; set; }

    /// <summary>Outputs stored so far (grows as the worker reports them).</summary>
    public List<OutputResult> Results { get; set; } = [];

    public SourceReport? Source { get; set; }
    public List<string> Warnings { get; set; } = [];
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>Client's Idempotency-Key for the creating request, unique per project.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the creating request, to tell a retry (same body) from a key reused for another body.</summary>
    public string? RequestHash { get; set; }

    /// <summary>The API key that created the job (null when a user did, or for jobs older than this column).</summary>
    public Guid? CreatedByApiKeyId { get; set; }

    /// <summary>The signed-in user who created the job, if one did.</summary>
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>
    /// created → queued, or queued again when its command was lost (the recovery sweep): the caller sends the
    /// <see cref="ProcessJob"/> command in the same transaction.
    /// </summary>
    public bool TryQueue(DateTimeOffset queuedAt)
    {
        if (Status is not (JobStatus.Created or JobStatus.Queued))
        {
            return false;
        }

        Status = JobStatus.Queued;
        QueuedAt = queuedAt;
        return true;
    }

    /// <summary>queued → processing: a worker took the job.</summary>
    public bool TryStartProcessing(DateTimeOffset startedAt)
    {
        if (Status != JobStatus.Queued)
        {
            return false;
        }

        Status = JobStatus.Processing;
        StartedAt = startedAt;
        return true;
    }

    /// <summary>Records one stored output of an unfinished job; the status stays. A repeated output id changes nothing.</summary>
    public bool TryCompleteOutput(OutputResult output)
    {
        if (Status.IsTerminal() || Results.Any(result => result.Id == output.Id))
        {
            return false;
        }

        Results = [.. Results, output];
        return true;
    }

    /// <summary>Any unfinished status → succeeded, with every output and what the worker found in the source.</summary>
    public bool TrySucceed(IEnumerable<OutputResult> outputs, SourceReport? source, IEnumerable<string> warnings, DateTimeOffset completedAt)
    {
        if (Status.IsTerminal())
        {
            return false;
        }

        Status = JobStatus.Succeeded;
        Results = [.. outputs];
        Source = source;
        Warnings = [.. warnings];
        StartedAt ??= completedAt;
        CompletedAt = completedAt;
        return true;
    }

    /// <summary>Any unfinished status → failed, with a stable code (<see cref="JobErrorCodes"/>) and a message.</summary>
    /// <param name="source">What the worker read of the source before failing; null keeps what is known.</param>
    public bool TryFail(string errorCode, string errorMessage, SourceReport? source, DateTimeOffset failedAt)
    {
        if (Status.IsTerminal())
        {
            return false;
        }

        Status = JobStatus.Failed;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Source = source ?? Source;
        StartedAt ??= failedAt;
        CompletedAt = failedAt;
        return true;
    }

    /// <summary>Any unfinished status → canceled (the client asked).</summary>
    public bool TryCancel(DateTimeOffset canceledAt)
    {
        if (Status.IsTerminal())
        {
            return false;
        }

        Status = JobStatus.Canceled;
        CompletedAt = canceledAt;
        return true;
    }
}
