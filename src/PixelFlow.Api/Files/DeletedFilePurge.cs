using PixelFlow.Api.Cleanup;

namespace PixelFlow.Api.Files;

/// <summary>
/// Deletes the files soft-deleted more than <see cref="CleanupOptions.Retention"/> ago, each through
/// <see cref="FileService.DeletePermanentlyAsync"/> (what <c>DELETE /v1/files/{id}?permanent=true</c> does): its original,
/// every rendition, then its row. A dry run asks <see cref="FileService.FindRemovalAsync"/> the same question and
/// deletes nothing.
/// </summary>
public sealed class DeletedFilePurge(PixelFlowDbContext db, FileService files, IOptions<CleanupOptions> options, TimeProvider clock)
    : ICleanupTask
{
    public const string TaskName = "deleted-file-purge";

    public string Name => TaskName;

    /// <summary>Daily at 03:45 UTC, after the orphan sweep.</summary>
    public string DefaultSchedule => "0 45 3 * * ?";

    public async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deletedBefore = clock.GetUtcNow() - settings.Retention;
        var due = db.Files.AsNoTracking().Where(file => file.DeletedAt != null && file.DeletedAt < deletedBefore);
        // Keyset pages: a dry run leaves every row in place, and a real run must not stop at a file that vanished meanwhile.
        (DateTimeOffset DeletedAt, Guid Id)? after = null;
        while (true)
        {
            var page = due;
            if (after is var (deletedAt, fileId))
            {
                page = page.Where(file => file.DeletedAt > deletedAt || (file.DeletedAt == deletedAt && file.Id.CompareTo(fileId) > 0));
            }

            var batch = await page.OrderBy(file => file.DeletedAt).ThenBy(file => file.Id)
                .Select(file => new { file.Id, DeletedAt = file.DeletedAt!.Value })
                .Take(settings.BatchSize).ToListAsync(cancellationToken);
            foreach (var file in batch)
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
            }

            if (batch.Count < settings.BatchSize)
            {
                return;
            }

            after = (batch[^1].DeletedAt, batch[^1].Id);
        }
    }
}
