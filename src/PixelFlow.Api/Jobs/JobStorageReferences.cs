using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Jobs;

/// <summary>A job's source and outputs (<see cref="StorageKeys"/>) are referenced while its row exists.</summary>
public sealed class JobStorageReferences(PixelFlowDbContext db) : IStorageReferences
{
    public async Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, (Guid ProjectId, Guid JobId)>();
        foreach (var key in keys)
        {
            if (StorageKeys.TryParseJobObject(key, out var projectId, out var jobId))
            {
                owners[key] = (projectId, jobId);
            }
        }

        var jobIds = owners.Values.Select(owner => owner.JobId).Distinct().ToList();
        // Soft-deleted rows (once a feature adds a query filter for them) still own their objects until purged.
        var existing = (await db.Jobs.IgnoreQueryFilters().AsNoTracking()
                .Where(job => jobIds.Contains(job.Id))
                .Select(job => new { job.Id, job.ProjectId })
                .ToListAsync(cancellationToken))
            .Select(job => (job.ProjectId, job.Id))
            .ToHashSet();
        return owners.Where(owner => existing.Contains(owner.Value)).Select(owner => owner.Key).ToHashSet();
    }
}
