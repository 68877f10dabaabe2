using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Assets;

/// <summary>Assets have no rows of their own: a project's assets are referenced while the project's row exists.</summary>
public sealed class AssetStorageReferences(PixelFlowDbContext db) : IStorageReferences
{
    public async Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, Guid>();
        foreach (var key in keys)
        {
            if (StorageKeys.TryParseAsset(key, out var projectId))
            {
                owners[key] = projectId;
            }
        }

        var projectIds = owners.Values.Distinct().ToList();
        // A soft-deleted project (once one has a query filter) keeps its assets until its purge removes them.
        var existing = (await db.Projects.IgnoreQueryFilters().AsNoTracking()
                .Where(project => projectIds.Contains(project.Id))
                .Select(project => project.Id)
                .ToListAsync(cancellationToken))
            .ToHashSet();
        return owners.Where(owner => existing.Contains(owner.Value)).Select(owner => owner.Key).ToHashSet();
    }
}
