using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Files;

/// <summary>
/// A file's original and its variants (<see cref="FileKeys"/>: <c>{projectId}/{files|variant}/{fileId}.{ext}</c>) are
/// referenced while its row exists, soft-deleted or not: renditions in an earlier format included, which permanent
/// delete (or the purge) removes with the file.
/// </summary>
public sealed class FileStorageReferences(PixelFlowDbContext db) : IStorageReferences
{
    public Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        RowStorageReferences.FindReferencedAsync(keys, TryParse,
            fileIds => db.Files.IgnoreQueryFilters().AsNoTracking().Where(file => fileIds.Contains(file.Id))
                .Select(file => new StorageKeyOwner(file.ProjectId, file.Id)),
            cancellationToken);

    internal static bool TryParse(string key, out Guid projectId, out Guid fileId)
    {
        (projectId, fileId) = (Guid.Empty, Guid.Empty);
        var segments = key.Split('/');
        return segments.Length == 3 && segments[1].Length > 0
               && Guid.TryParse(segments[0], out projectId)
               && Guid.TryParse(Path.GetFileNameWithoutExtension(segments[2]), out fileId);
    }
}
