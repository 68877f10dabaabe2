using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Files;

/// <summary>
/// Deletes the files soft-deleted more than <see cref="CleanupOptions.Retention"/> ago, each through
/// <see cref="FileService.DeletePermanentlyAsync"/> (what <c>DELETE /v1/files/{id}?permanent=true</c> does): its original,
/// every rendition, then its row. A dry run asks <see cref="FileService.FindRemovalAsync"/> the same question and
/// deletes nothing.
/// </summary>
public sealed class DeletedFilePurge(PixelFlowDbContext db, FileService files, IOptions<CleanupOptions> options, TimeProvider clock)
    : CleanupTask(TaskName, "0 45 3 * * ?", options, clock) // daily at 03:45 UTC, after the orphan sweep
{
    public const string TaskName = "deleted-file-purge";

    public override async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
    {
        var deletedBefore = Ago(Settings.Retention);
        var due = db.Files.AsNoTracking().Where(file => file.DeletedAt != null && file.DeletedAt < deletedBefore);
        // Keyset pages: a dry run leaves every row in place, and a real run must not stop at a file that vanished meanwhile.
        await ForEachDueAsync(
            (DeletedFile? last) => (last is null
                    ? due
                    : due.Where(file => file.DeletedAt > last.DeletedAt || (file.DeletedAt == last.DeletedAt && file.Id.CompareTo(last.Id) > 0)))
                .OrderBy(file => file.DeletedAt).ThenBy(file => file.Id)
                .Select(file => new DeletedFile(file.Id, file.DeletedAt!.Value)),
            async file =>
            {
                var removal = run.DryRun
                    ? await files.FindRemovalAsync(file.Id, cancellationToken)
                    : await files.DeletePermanentlyAsync(file.Id, cancellationToken);
                // Null: deleted permanently by its owner since the page was read.
                if (removal is not null)
                {
                    foreach (var (_, size) in removal.Objects)
                    {
                        run.ObjectRemoved(size);
                    }

                    run.RowsRemoved(removal.Rows);
                }
            },
            cancellationToken);
    }

    private sealed record DeletedFile(Guid Id, DateTimeOffset DeletedAt);
}
