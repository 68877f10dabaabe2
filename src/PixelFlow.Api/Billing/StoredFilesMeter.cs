namespace PixelFlow.Api.Billing;

/// <summary>What a project stores now: the use the stored-bytes and files quotas are measured against.</summary>
public sealed record StoredFiles(long Bytes, long Files);

/// <summary>Measures a project's stored files. One implementation per source of truth for stored objects.</summary>
public interface IStoredFilesMeter
{
    Task<StoredFiles> MeasureAsync(Guid projectId, CancellationToken cancellationToken);
}

/// <summary>
/// Stored files as the jobs table knows them: each job's source (its bytes once the worker has read it) and its
/// outputs: those stored, once the job has finished; those it asked for, while it has not (so a burst of new jobs
/// cannot all pass the files quota before any of them runs). Assets are not counted: they live in storage only, and
/// the local S3 server cannot list them.
/// </summary>
public sealed class JobFilesMeter(PixelFlowDbContext db) : IStoredFilesMeter
{
    public async Task<StoredFiles> MeasureAsync(Guid projectId, CancellationToken cancellationToken)
    {
        // jsonb columns in the API's wire naming (JsonColumn): source.bytes, results[].bytes.
        var totals = await db.Database.SqlQuery<StoredFiles>($"""
            SELECT coalesce(sum(coalesce((source->>'bytes')::bigint, 0)
                                + (SELECT coalesce(sum((output->>'bytes')::bigint), 0) FROM jsonb_array_elements(results) AS output)), 0)::bigint AS "Bytes",
                   coalesce(sum(1 + CASE WHEN status IN ({Wire.JobStatuses.Succeeded}, {Wire.JobStatuses.Failed}, {Wire.JobStatuses.Canceled})
                                         THEN jsonb_array_length(results) ELSE jsonb_array_length(outputs) END), 0)::bigint AS "Files"
            FROM jobs
            WHERE project_id = {projectId}
            """).ToListAsync(cancellationToken);
        return totals.Single();
    }
}
