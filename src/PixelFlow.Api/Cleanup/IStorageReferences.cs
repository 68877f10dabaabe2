namespace PixelFlow.Api.Cleanup;

/// <summary>
/// A feature's claim on objects in the bucket: the orphan sweep deletes an old object only when no implementation
/// answers for it. Every feature that stores objects registers one (<c>services.AddStorageReferences&lt;T&gt;()</c>);
/// one that does not has its objects swept once they are <see cref="CleanupOptions.OrphanMinAge"/> old.
/// </summary>
public interface IStorageReferences
{
    /// <summary>
    /// Of <paramref name="keys"/>, those a row of this feature references. Keys of another feature's layout are simply
    /// not returned. A row that is soft-deleted still references its objects: its purge removes them.
    /// </summary>
    Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);
}

/// <summary>Reads the owner a storage key names: its project and the row it belongs to (a job, a file).</summary>
public delegate bool StorageKeyOwnerParser(string key, out Guid projectId, out Guid rowId);

/// <summary>The project and row a storage key belongs to.</summary>
public readonly record struct StorageKeyOwner(Guid ProjectId, Guid RowId);

/// <summary>The claim of features whose keys name their row: a key is referenced while that row exists in that project.</summary>
public static class RowStorageReferences
{
    /// <summary>
    /// Of <paramref name="keys"/>, those whose owner (read by <paramref name="parse"/>; keys it cannot read are not
    /// returned) <paramref name="existingOwners"/> finds, given the ids of the rows named.
    /// </summary>
    public static async Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, StorageKeyOwnerParser parse,
        Func<List<Guid>, IQueryable<StorageKeyOwner>> existingOwners, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, StorageKeyOwner>();
        foreach (var key in keys)
        {
            if (parse(key, out var projectId, out var rowId))
            {
                owners[key] = new StorageKeyOwner(projectId, rowId);
            }
        }

        var rowIds = owners.Values.Select(owner => owner.RowId).Distinct().ToList();
        var existing = (await existingOwners(rowIds).ToListAsync(cancellationToken)).ToHashSet();
        return owners.Where(owner => existing.Contains(owner.Value)).Select(owner => owner.Key).ToHashSet();
    }
}
