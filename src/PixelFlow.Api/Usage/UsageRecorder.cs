namespace PixelFlow.Api.Usage;

/// <summary>
/// Meters finished jobs: one <see cref="UsageRecord"/> per job, written in the transaction that records the
/// job's success or failure, so usage and job status never disagree.
/// </summary>
public sealed class UsageRecorder(TimeProvider clock) : IJobChangeHandler
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public async Task OnChangingAsync(PixelFlowDbContext db, JobChange change, CancellationToken cancellationToken)
    {
        if (change.EventType is not (JobEventTypes.Succeeded or JobEventTypes.Failed))
        {
            return;
        }

        // The pipeline fires once per transition; this check (plus the unique index on job_id) keeps a
        // second record out should a job ever be finished twice, instead of failing the whole change.
        var jobId = change.Job.Id;
        if (db.UsageRecords.Local.Any(record => record.JobId == jobId) ||
            await db.UsageRecords.AnyAsync(record => record.JobId == jobId, cancellationToken))
        {
            return;
        }

        var usage = change.Usage;
        db.UsageRecords.Add(new UsageRecord
        {
            ProjectId = change.Job.ProjectId,
            JobId = jobId,
            ApiKeyId = change.Job.CreatedByApiKeyId,
            UserId = change.Job.CreatedByUserId,
            Outcome = change.EventType == JobEventTypes.Succeeded ? Succeeded : Failed,
            PixelsProcessed = usage?.PixelsProcessed ?? 0,
            BytesIn = usage?.BytesIn ?? 0,
            BytesOut = usage?.BytesOut ?? 0,
            BytesSaved = BytesSaved(change),
            ComputeTimeMs = usage?.ComputeTimeMs ?? 0,
            // The day a job is billed to is the day it finished.
            RecordedAt = change.Job.CompletedAt ?? clock.GetUtcNow(),
        });
    }

    /// <summary>
    /// bytes_in − bytes_out, when positive, for succeeded jobs. A failed job wrote no outputs, so its
    /// "savings" would be its whole source: they count as zero.
    /// </summary>
    public static long BytesSaved(JobChange change) =>
        change is { EventType: JobEventTypes.Succeeded, Usage: { } usage } ? Math.Max(0, usage.BytesIn - usage.BytesOut) : 0;
}
