using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Files;

/// <summary>
/// Fails the files still <c>uploading</c> <see cref="CleanupOptions.UnsourcedExpiry"/> after creation (their presigned
/// upload was never completed), as <see cref="UnsourcedJobExpiry"/> does for jobs: the file stays listed and readable as
/// <c>failed</c>, so a client that polls it learns the upload is over, instead of it vanishing (404) or waiting for
/// ever; deleting it is the owner's choice. Bytes PUT without the completion were never checked and count for nothing:
/// their object is deleted (the row no longer needs it, and the orphan sweep would not take it while the row exists).
/// </summary>
public sealed class UnsourcedUploadExpiry(PixelFlowDbContext db, ObjectStorage storage, IOptions<CleanupOptions> options, TimeProvider clock)
    : CleanupTask(TaskName, "0 20 * * * ?", options, clock) // hourly, at twenty past (beside the jobs' expiry at a quarter past)
{
    public const string TaskName = "unsourced-upload-expiry";

    public override async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
    {
        var now = Now;
        var createdBefore = now - Settings.UnsourcedExpiry;
        var expired = db.Files.AsNoTracking()
            .Where(file => file.Status == FileStatus.Uploading && file.DeletedAt == null && file.CreatedAt < createdBefore);
        await ForEachDueAsync(
            (UploadingFile? last) => (last is null ? expired : expired.Where(file => file.Id.CompareTo(last.Id) > 0))
                .OrderBy(file => file.Id).Select(file => new UploadingFile(file.Id, file.Key)),
            async file =>
            {
                // Settled only while still uploading: a completion holds the row's lock and checks that too, so exactly one
                // of the two wins. The row changes before the object goes, so no completion ever reads a deleted object.
                var settled = run.DryRun || await db.Files.Where(candidate => candidate.Id == file.Id && candidate.Status == FileStatus.Uploading)
                    .ExecuteUpdateAsync(set => set.SetProperty(candidate => candidate.Status, FileStatus.Failed)
                        .SetProperty(candidate => candidate.UpdatedAt, now), cancellationToken) == 1;
                if (!settled)
                {
                    return;
                }

                run.RowsRemoved(1);
                if (await storage.GetSizeAsync(file.Key, cancellationToken) is { } size)
                {
                    await RemoveObjectAsync(storage, file.Key, size, run, cancellationToken);
                }
            },
            cancellationToken);
    }

    private sealed record UploadingFile(Guid Id, string Key);
}
