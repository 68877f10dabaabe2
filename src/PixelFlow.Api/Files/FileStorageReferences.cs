using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Files;

/// <summary>
/// A file's original and its variants (<see cref="FileKeys"/>: <c>{projectId}/{files|variant}/{fileId}.{ext}</c>) are
/// referenced while its row exists, soft-deleted or not: renditions in an earlier format included, which permanent
/// delete (or the purge) removes with the file.
/// </summary>
public sealed class FileStorageReferences(PixelFlowDbContext db) : IStorageReferences
{
    public async Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, (Guid ProjectId, Guid FileId)>();
        foreach (var key in keys)
        {
            if (TryParse(key, out var owner))
            {
                owners[key] = owner;
            }
        }

        var fileIds = owners.Values.Select(owner => owner.FileId).Distinct().ToList();
        var existing = (await db.Files.IgnoreQueryFilters().AsNoTracking()
                .Where(file => fileIds.Contains(file.Id))
                .Select(file => new { file.ProjectId, file.Id })
                .ToListAsync(cancellationToken))
            .Select(file => (file.ProjectId, file.Id))
            .ToHashSet();
        return owners.Where(owner => existing.Contains(owner.Value)).Select(owner => owner.Key).ToHashSet();
    }

    /// <summary>Project and file of a key in the files layout: three segments, a project id first, a file id last.</summary>
    internal static bool TryParse(string key, out (Guid ProjectId, Guid FileId) owner)
    {
        owner = default;
        var segments = key.Split('/');
        return segments.Length == 3 && segments[1].Length > 0
               && Guid.TryParse(segments[0], out owner.ProjectId)
               && Guid.TryParse(Path.GetFileNameWithoutExtension(segments[2]), out owner.FileId);
    }
}
