using Microsoft.EntityFrameworkCore.Storage;

namespace PixelFlow.Api.Files;

/// <summary>
/// Files and their variants. Variants are made by the job engine: a file's upload queues one job rendering every
/// preset of its project (the source decoded once), a variant requested later queues a job of its own; the job and
/// the rendition rows it fills commit together, and <see cref="FileJobChangeHandler"/> settles them as the job ends.
/// </summary>
public sealed class FileService(PixelFlowDbContext db, JobService jobs, JobChanges changes, ObjectStorage storage, TimeProvider clock)
{
    /// <summary>The <see cref="Job.SourceType"/> of jobs that render a file's variants.</summary>
    public const string JobSourceType = "file";

    /// <summary>
    /// Failures worth a new job when the variant is asked for again: the infrastructure's, not the source's or the
    /// preset's (those would fail again, one job per request).
    /// </summary>
    private static readonly HashSet<string> TransientFailures =
        [JobErrorCodes.StorageUnavailable, JobErrorCodes.WorkerLost, JobErrorCodes.Abandoned, JobErrorCodes.ProcessingTimeout];

    /// <summary>Objects one variant of a file can have: one per output format.</summary>
    private const int MaxRenditionsPerVariant = 16;

    /// <summary>A file with its renditions, read-only; a soft-deleted one only when <paramref name="includeDeleted"/>.</summary>
    public Task<StoredFile?> FindAsync(Guid fileId, bool includeDeleted, CancellationToken cancellationToken) =>
        db.Files.AsNoTracking().Include(file => file.Variants)
            .SingleOrDefaultAsync(file => file.Id == fileId && (includeDeleted || file.DeletedAt == null), cancellationToken);

    /// <summary>The project's presets, each a variant of its files, by name.</summary>
    public Task<List<Preset>> VariantPresetsAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Presets.AsNoTracking().Where(preset => preset.ProjectId == projectId).OrderBy(preset => preset.Name).ToListAsync(cancellationToken);

    /// <summary>A page of the project's files, newest first, after the cursor's position.</summary>
    public async Task<List<StoredFile>> ListAsync(Guid projectId, FileStatus? status, string? name, JobCursor? cursor, int limit,
        CancellationToken cancellationToken)
    {
        var files = db.Files.AsNoTracking().Include(file => file.Variants)
            .Where(file => file.ProjectId == projectId && file.DeletedAt == null);
        if (status is { } wanted)
        {
            files = files.Where(file => file.Status == wanted);
        }

        if (!string.IsNullOrEmpty(name))
        {
            // Contains, case-insensitive; LIKE's own wildcards in the name are matched literally.
            var pattern = $"%{name.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            files = files.Where(file => EF.Functions.ILike(file.OriginalFilename, pattern, "\\"));
        }

        if (cursor is not null)
        {
            files = files.Where(file => file.CreatedAt < cursor.CreatedAt || (file.CreatedAt == cursor.CreatedAt && file.Id.CompareTo(cursor.JobId) < 0));
        }

        return await files.OrderByDescending(file => file.CreatedAt).ThenByDescending(file => file.Id).Take(limit)
            .AsSplitQuery().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A file whose original is stored (multipart upload): its row, its renditions and the job making them commit
    /// together, so a file is never left processing without a job.
    /// </summary>
    public Task<StoredFile> CreateUploadedAsync(StoredFile file, CancellationToken cancellationToken) =>
        DatabaseRetry.RunAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.Files.Add(file);
            var queued = await QueueAllVariantsAsync(file, token);
            await CommitAsync(transaction, queued, token);
            return file;
        }, cancellationToken);

    /// <summary>A file awaiting its presigned upload: no job until <see cref="CompleteUploadAsync"/>.</summary>
    public async Task<StoredFile> CreateUploadingAsync(StoredFile file, CancellationToken cancellationToken)
    {
        db.Files.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        return file;
    }

    /// <summary>
    /// uploading → processing with what the stored original turned out to be, queuing its variants' job. Completing
    /// a file that is no longer uploading changes nothing (a repeated or concurrent completion).
    /// </summary>
    public Task<StoredFile?> CompleteUploadAsync(Guid fileId, long bytes, string contentHash, CancellationToken cancellationToken) =>
        DatabaseRetry.RunAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var file = await db.Files.FromSql($"SELECT * FROM files WHERE id = {fileId} FOR UPDATE").SingleOrDefaultAsync(token);
            if (file is null || file.Status != FileStatus.Uploading)
            {
                return file;
            }

            file.Bytes = bytes;
            file.ContentHash = contentHash;
            var queued = await QueueAllVariantsAsync(file, token);
            await CommitAsync(transaction, queued, token);
            return file;
        }, cancellationToken);

    /// <summary>
    /// The rendition of <paramref name="preset"/> for a file, started when it is missing, stale (made from an older
    /// definition) or failed for a transient reason. Concurrent first requests start one job: the rendition row is
    /// read under a row lock, and of two inserts of a missing one the second fails on the primary key and reads the
    /// winner's row.
    /// </summary>
    public Task<FileVariant> RequestVariantAsync(StoredFile file, Preset preset, CancellationToken cancellationToken)
    {
        var definitionHash = PresetDefinitions.Hash(preset.Output);
        return DatabaseRetry.RunAsync(async token =>
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var rendition = await db.FileVariants
                    .FromSql($"SELECT * FROM file_variants WHERE file_id = {file.Id} AND name = {preset.Name} FOR UPDATE")
                    .SingleOrDefaultAsync(token);
                if (rendition is not null && rendition.DefinitionHash == definitionHash &&
                    !(rendition.Status == RenditionStatus.Failed && TransientFailures.Contains(rendition.ErrorCode ?? "")))
                {
                    return rendition;
                }

                var jobId = Guid.CreateVersion7();
                if (rendition is null)
                {
                    rendition = new FileVariant { FileId = file.Id, Name = preset.Name, DefinitionHash = definitionHash };
                    db.FileVariants.Add(rendition);
                }

                rendition.Restart(jobId, definitionHash, clock.GetUtcNow());
                var queued = await jobs.AddQueuedInTransactionAsync(Draft(file, [preset], jobId), token);
                try
                {
                    await CommitAsync(transaction, queued, token);
                }
                catch (DbUpdateException e) when (attempt == 1 && DatabaseFailures.IsUniqueViolation(e))
                {
                    // A concurrent first request inserted the rendition (and started its job): read theirs.
                    await transaction.RollbackAsync(token);
                    continue;
                }

                return rendition;
            }
        }, cancellationToken);
    }

    /// <summary>Hides a file: it answers 404 from now on; its objects stay until <see cref="DeletePermanentlyAsync"/>.</summary>
    public async Task<bool> SoftDeleteAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Files.Where(file => file.Id == fileId && file.DeletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(file => file.DeletedAt, now).SetProperty(file => file.UpdatedAt, now),
                cancellationToken) > 0;
    }

    /// <summary>Un-hides a file deleted after <paramref name="deletedAfter"/>; null when it was deleted earlier (or is gone).</summary>
    public async Task<StoredFile?> RestoreAsync(Guid fileId, DateTimeOffset deletedAfter, CancellationToken cancellationToken)
    {
        var restored = await db.Files.Where(file => file.Id == fileId && file.DeletedAt > deletedAfter)
            .ExecuteUpdateAsync(set => set.SetProperty(file => file.DeletedAt, (DateTimeOffset?)null)
                .SetProperty(file => file.UpdatedAt, clock.GetUtcNow()), cancellationToken);
        return restored == 0 ? null : await FindAsync(fileId, includeDeleted: false, cancellationToken);
    }

    /// <summary>
    /// What <see cref="DeletePermanentlyAsync"/> would remove, deleting nothing: the file's objects as storage lists
    /// them (its original, when it arrived, and every rendition) and its rows (the file's and its renditions'). The
    /// purge's dry run reports this.
    /// </summary>
    /// <returns>Null when there is no such file.</returns>
    public async Task<FileRemoval?> FindRemovalAsync(Guid fileId, CancellationToken cancellationToken)
    {
        if (await FindAsync(fileId, includeDeleted: true, cancellationToken) is not { } file)
        {
            return null;
        }

        var objects = new List<(string Key, long Size)>();
        // Absent while a presigned upload has not arrived.
        if (await storage.GetSizeAsync(file.Key, cancellationToken) is { } originalSize)
        {
            objects.Add((file.Key, originalSize));
        }

        // Each variant by listing: a preset whose format changed left its earlier rendition under another extension.
        foreach (var variant in file.Variants)
        {
            var renditions = await storage.ListAsync($"{FileKeys.VariantStem(file.ProjectId, variant.Name, file.Id)}.", MaxRenditionsPerVariant,
                cancellationToken);
            objects.AddRange(renditions.Select(rendition => (rendition.Key, rendition.Size)));
        }

        return new FileRemoval(objects, Rows: 1 + file.Variants.Count);
    }

    /// <summary>
    /// Deletes a file's objects (its original and every rendition) and then its row, deleted or not; the purge of
    /// soft-deleted files calls this too. Objects go first: should that fail, the row remains to try again.
    /// </summary>
    /// <returns>What was removed; null when there is no such file.</returns>
    public async Task<FileRemoval?> DeletePermanentlyAsync(Guid fileId, CancellationToken cancellationToken)
    {
        if (await FindRemovalAsync(fileId, cancellationToken) is not { } removal)
        {
            return null;
        }

        foreach (var (key, _) in removal.Objects)
        {
            await storage.DeleteAsync(key, cancellationToken);
        }

        // The renditions go with the row (cascade).
        await db.Files.Where(candidate => candidate.Id == fileId).ExecuteDeleteAsync(cancellationToken);
        return removal;
    }

    /// <summary>
    /// Every preset of the project as a pending rendition of one job (decoding the original once), inside the caller's
    /// transaction; with no presets the file is ready at once.
    /// </summary>
    private async Task<JobChange?> QueueAllVariantsAsync(StoredFile file, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        file.UpdatedAt = now;
        var presets = await VariantPresetsAsync(file.ProjectId, cancellationToken);
        if (presets.Count == 0)
        {
            file.Status = FileStatus.Ready;
            return null;
        }

        var jobId = Guid.CreateVersion7();
        foreach (var preset in presets)
        {
            var rendition = new FileVariant { FileId = file.Id, Name = preset.Name, DefinitionHash = "" };
            rendition.Restart(jobId, PresetDefinitions.Hash(preset.Output), now);
            db.FileVariants.Add(rendition);
        }

        file.Status = FileStatus.Processing;
        return await jobs.AddQueuedInTransactionAsync(Draft(file, presets, jobId), cancellationToken);
    }

    /// <summary>The job rendering <paramref name="presets"/> from the file's original, each output stored at its variant's key.</summary>
    private static JobDraft Draft(StoredFile file, IReadOnlyList<Preset> presets, Guid jobId) =>
        new(jobId, file.ProjectId, JobSourceType, WebhookUrl: null,
            presets.Select(preset => preset.Output with { Id = preset.Name }).ToList(), IdempotencyKey: null, RequestHash: null,
            SourceKey: file.Key,
            OutputKeys: presets.ToDictionary(preset => preset.Name, preset => FileKeys.VariantStem(file.ProjectId, preset.Name, file.Id)));

    /// <summary>Saves (through the job-change pipeline when a job was queued), commits, then lets the job go.</summary>
    private async Task CommitAsync(IDbContextTransaction transaction, JobChange? queued, CancellationToken cancellationToken)
    {
        if (queued is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        await changes.SaveAsync(db, [queued], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await jobs.PublishQueuedAsync(queued, cancellationToken);
    }
}
