using PixelFlow.Api.Caching;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Jobs as <c>GET /v1/jobs/{id}</c> serves them: a client polling its job costs one query per instance and change,
/// not one per request. Every committed change of a job evicts it everywhere (<see cref="OnChangedAsync"/>); a
/// finished job no longer changes and stays cached while it is read.
/// </summary>
public sealed class JobReadCache(ReadCache cache, CacheInvalidation invalidation) : IJobChangeHandler
{
    // Compiled once: EF otherwise rebuilds and hashes the query's expression tree on every execution.
    private static readonly Func<PixelFlowDbContext, Guid, CancellationToken, Task<Job?>> ReadJob =
        EF.CompileAsyncQuery((PixelFlowDbContext db, Guid jobId, CancellationToken _) =>
            db.Jobs.AsNoTracking().SingleOrDefault(job => job.Id == jobId));

    public static string KeyFor(Guid jobId) => $"job:{jobId:N}";

    /// <summary>The project's job, or null when there is none (another project's job is none too). Do not modify it.</summary>
    public async Task<Job?> FindAsync(PixelFlowDbContext db, Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await cache.GetOrReadAsync(KeyFor(jobId), token => ReadJob(db, jobId, token),
            read => read.Status.IsTerminal() ? Mutability.Immutable : Mutability.Mutable, cancellationToken);
        return job?.ProjectId == projectId ? job : null;
    }

    public Task OnChangedAsync(JobChange change, CancellationToken cancellationToken)
    {
        invalidation.Invalidate(KeyFor(change.Job.Id));
        return Task.CompletedTask;
    }
}
