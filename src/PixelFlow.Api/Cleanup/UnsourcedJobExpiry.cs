namespace PixelFlow.Api.Cleanup;

/// <summary>
/// Fails the jobs still <c>created</c> <see cref="CleanupOptions.UnsourcedExpiry"/> after creation (their source never
/// arrived) with <see cref="JobErrorCodes.SourceNotReceived"/>, each through <see cref="JobService.ExpireUnsourcedAsync"/>:
/// the job's usual change pipeline (event, webhook, usage record, status mirror).
/// </summary>
public sealed class UnsourcedJobExpiry(PixelFlowDbContext db, JobService jobs, IOptions<CleanupOptions> options, TimeProvider clock)
    : CleanupTask(TaskName, HourlyAtQuarterPast, options, clock)
{
    public const string TaskName = "unsourced-job-expiry";

    private const string HourlyAtQuarterPast = "0 15 * * * ?";

    public override async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
    {
        var settings = Settings;
        var createdBefore = Ago(settings.UnsourcedExpiry);
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
            batch = await expired.OrderBy(job => job.CreatedAt).Select(job => job.Id).Take(settings.BatchSize).ToListAsync(cancellationToken);
            foreach (var jobId in batch)
            {
                if (await jobs.ExpireUnsourcedAsync(jobId, createdBefore, settings.UnsourcedExpiry, cancellationToken))
                {
                    run.RowsRemoved(1);
                }
            }
        }
        while (batch.Count == settings.BatchSize);
    }
}
