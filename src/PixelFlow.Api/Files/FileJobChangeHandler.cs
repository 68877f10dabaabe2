namespace PixelFlow.Api.Files;

/// <summary>
/// Settles a file's renditions from the changes of the jobs that make them, in the transaction that records the
/// change: an output stored makes its rendition ready; the job's end settles the rest, fills in the original's size
/// and, once no rendition of the file is pending, makes a processing file ready (or failed with its job).
/// </summary>
public sealed class FileJobChangeHandler(TimeProvider clock) : IJobChangeHandler
{
    public async Task OnChangingAsync(PixelFlowDbContext db, JobChange change, CancellationToken cancellationToken)
    {
        // Other jobs cost no query.
        if (change.Job.SourceType != FileService.JobSourceType)
        {
            return;
        }

        var job = change.Job;
        var now = clock.GetUtcNow();
        if (change is { EventType: JobEventTypes.OutputCompleted, Output: { } output })
        {
            var rendition = await db.FileVariants.SingleOrDefaultAsync(
                candidate => candidate.JobId == job.Id && candidate.Name == output.Id, cancellationToken);
            rendition?.TryComplete(output, now);
        }
        else if (change.EventType is JobEventTypes.Succeeded or JobEventTypes.Failed or JobEventTypes.Canceled)
        {
            await SettleAsync(db, job, now, cancellationToken);
        }
    }

    private static async Task SettleAsync(PixelFlowDbContext db, Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var succeeded = job.Status == JobStatus.Succeeded;
        var outputs = job.Results.ToDictionary(result => result.Id);
        // A rendition restarted by a newer job no longer names this one, and is left to it.
        var renditions = await db.FileVariants.Where(rendition => rendition.JobId == job.Id).ToListAsync(cancellationToken);
        foreach (var rendition in renditions)
        {
            if (outputs.TryGetValue(rendition.Name, out var output))
            {
                rendition.TryComplete(output, now);
            }
            else
            {
                rendition.TryFail(job.ErrorCode ?? JobStatus.Canceled.ToWire(), now);
            }
        }

        foreach (var fileId in renditions.Select(rendition => rendition.FileId).Distinct())
        {
            var file = await db.Files.SingleAsync(candidate => candidate.Id == fileId, cancellationToken);
            if (job.Source is { } source && file.Width is null)
            {
                (file.Width, file.Height) = (source.Width, source.Height);
            }

            var othersPending = await db.FileVariants.AnyAsync(rendition => rendition.FileId == fileId && rendition.JobId != job.Id &&
                                                                            rendition.Status == RenditionStatus.Pending, cancellationToken);
            if (file.Status == FileStatus.Processing && !othersPending)
            {
                file.Status = succeeded ? FileStatus.Ready : FileStatus.Failed;
            }

            file.UpdatedAt = now;
        }
    }
}
