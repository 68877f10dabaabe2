using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Files;

namespace PixelFlow.Api.Projects;

/// <summary>
/// Removes the projects soft-deleted more than <see cref="CleanupOptions.Retention"/> ago (past it, a restore is refused):
/// first every object under the project's storage prefixes, then, in one transaction, every row of the project.
/// </summary>
/// <remarks>
/// <para>
/// Objects by prefix, not row by row: <see cref="FileKeys.ProjectPrefix"/> holds the files' originals and variants
/// (renditions in an earlier format included) and <see cref="StorageKeys.ProjectPrefix"/> the jobs' sources and outputs and
/// the assets, which have no rows at all. Listing the prefixes also takes what no row names any more (a failed job's
/// partial outputs), so nothing of the project is left for the orphan sweep.
/// </para>
/// <para>
/// Objects before rows: a run that stops in between (a crash, storage out) leaves a project row still deleted and past
/// retention, so the next run lists the prefixes again and finishes, and the objects' bytes are counted by the run that
/// freed them. Rows first would leave objects that only the orphan sweep, a day later, could find; and the rows left by
/// the other order harm no one: the project is hidden, its keys refused, its restore refused.
/// </para>
/// <para>
/// Kept: the usage records (<c>usage_records</c>, no foreign key). They are what invoices and the per-user and per-key
/// usage reports of a billing period are made of, and a month's processed pixels must not come back to its owner's
/// plan because a project was deleted. They hold counts only, no content. Everything else of the project goes: its
/// files and their renditions, jobs, job events, webhook deliveries and their attempts, presets, API keys and members.
/// </para>
/// </remarks>
public sealed class DeletedProjectPurge(PixelFlowDbContext db, ObjectStorage storage, IOptions<CleanupOptions> options, TimeProvider clock,
    ILogger<DeletedProjectPurge> logger)
    : CleanupTask(TaskName, "0 0 4 * * ?", options, clock) // daily at 04:00 UTC, after the file purge
{
    public const string TaskName = "deleted-project-purge";

    public override async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
    {
        var deletedBefore = Ago(Settings.Retention);
        // Deleted projects are few (an owner's action each): their ids fit in memory.
        var due = await db.Projects.AsNoTracking().Where(project => project.DeletedAt != null && project.DeletedAt < deletedBefore)
            .OrderBy(project => project.DeletedAt).Select(project => project.Id).ToListAsync(cancellationToken);
        foreach (var projectId in due)
        {
            foreach (var prefix in new[] { FileKeys.ProjectPrefix(projectId), StorageKeys.ProjectPrefix(projectId) })
            {
                await RemoveObjectsAsync(prefix, run, cancellationToken);
            }

            await RemoveRowsAsync(projectId, deletedBefore, run, cancellationToken);
            logger.LogInformation("Deleted project {ProjectId} {Action}", projectId, run.DryRun ? "would be purged" : "purged");
        }
    }

    private async Task RemoveObjectsAsync(string prefix, CleanupTally run, CancellationToken cancellationToken)
    {
        if (run.DryRun)
        {
            await foreach (var (_, size, _) in storage.ListAllAsync(prefix, cancellationToken))
            {
                run.ObjectRemoved(size);
            }

            return;
        }

        // First pages again and again rather than one listing deleted from as it goes: how a server continues a listing
        // whose earlier keys are gone is its own affair. A key listed again after its delete means storage did not delete.
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        List<(string Key, long Size, DateTimeOffset LastModified)> page;
        do
        {
            page = await storage.ListAsync(prefix, Settings.BatchSize, cancellationToken);
            foreach (var (key, size, _) in page)
            {
                if (!deleted.Add(key))
                {
                    throw new InvalidOperationException($"Storage still lists {key} after deleting it.");
                }

                await storage.DeleteAsync(key, cancellationToken);
                run.ObjectRemoved(size);
            }
        }
        while (page.Count > 0);
    }

    /// <summary>
    /// Every row of the project, children first, in one transaction holding the project row's lock, and only while the
    /// row is still deleted past retention (read again under the lock). A dry run counts them and rolls back.
    /// </summary>
    private async Task RemoveRowsAsync(Guid projectId, DateTimeOffset deletedBefore, CleanupTally run, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<Guid>(
                $"SELECT id AS \"Value\" FROM projects WHERE id = {projectId} AND deleted_at < {deletedBefore} FOR UPDATE")
            .ToListAsync(cancellationToken);
        if (locked.Count == 0)
        {
            return;
        }

        var deliveries = db.WebhookDeliveries.Where(delivery => delivery.ProjectId == projectId);
        var files = db.Files.Where(file => file.ProjectId == projectId);
        long rows = 0;
        rows += await RemoveAsync(db.WebhookAttempts.Where(attempt => deliveries.Any(delivery => delivery.Id == attempt.DeliveryId)));
        rows += await RemoveAsync(deliveries);
        rows += await RemoveAsync(db.JobEvents.Where(jobEvent => jobEvent.ProjectId == projectId));
        rows += await RemoveAsync(db.FileVariants.Where(variant => files.Any(file => file.Id == variant.FileId)));
        rows += await RemoveAsync(files);
        rows += await RemoveAsync(db.Jobs.Where(job => job.ProjectId == projectId));
        rows += await RemoveAsync(db.Presets.Where(preset => preset.ProjectId == projectId));
        rows += await RemoveAsync(db.ApiKeys.Where(key => key.ProjectId == projectId));
        rows += await RemoveAsync(db.ProjectMembers.Where(member => member.ProjectId == projectId));
        rows += await RemoveAsync(db.Projects.Where(project => project.Id == projectId));
        if (!run.DryRun)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        run.RowsRemoved(rows);

        Task<int> RemoveAsync<T>(IQueryable<T> set) => run.DryRun ? set.CountAsync(cancellationToken) : set.ExecuteDeleteAsync(cancellationToken);
    }
}
