using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Jobs;

/// <summary>A job's source and outputs (<see cref="StorageKeys"/>) are referenced while its row exists.</summary>
public sealed class JobStorageReferences(PixelFlowDbContext db) : IStorageReferences
{
    public Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        RowStorageReferences.FindReferencedAsync(keys, StorageKeys.TryParseJobObject,
            // Soft-deleted rows (once a feature adds a query filter for them) still own their objects until purged.
            jobIds => db.Jobs.IgnoreQueryFilters().AsNoTracking().Where(job => jobIds.Contains(job.Id))
                .Select(job => new StorageKeyOwner(job.ProjectId, job.Id)),
            cancellationToken);
}
