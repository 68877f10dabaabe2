namespace PixelFlow.Api.Cleanup;

/// <summary>
/// Fails the jobs still <c>created</c> <see cref="CleanupOptions.UnsourcedExpiry"/> after creation (their source never
/// arrived) with <see cref="JobErrorCodes.SourceNotReceived"/>, each through <see cref="JobService.ExpireUnsourcedAsync"/>:
/// the job's usual change pipeline (event, webhook, usage record, status mirror).
/// </summary>
public sealed class UnsourcedJobExpiry(PixelFlowDbContext db, JobService jobs, IOptions<CleanupOptions> options, TimeProvider clock)
    : CleanupTask(TaskName, "0 15 * * * ?", options, clock) // hourly, at a quarter past
{
    public const string TaskName = "unsourced-job-expiry";

    public override async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
    {
        var createdBefore = Ago(Settings.UnsourcedExpiry);
        var expired = db.Jobs.AsNoTracking().Where(job => job.Status == JobStatus.Created && job.CreatedAt < createdBefore);
        if (run.DryRun)
        {
            run.RowsRemoved(await expired.LongCountAsync(cancellationToken));
            return;
        }

        List<Guid> batch;
        do
        {
            // Each job leaves the set once expired, or once it moved on (started) since it was read.
            batch = await expired.OrderBy(job => job.CreatedAt).Select(job => job.Id).Take(Settings.BatchSize).ToListAsync(cancellationToken);
            foreach (var jobId in batch)
            {
                if (await jobs.ExpireUnsourcedAsync(jobId, createdBefore, Settings.UnsourcedExpiry, cancellationToken))
                {
                    run.RowsRemoved(1);
                }
            }
        }
        while (batch.Count == Settings.BatchSize);
    }
}
