using PixelFlow.Api.Outbox;

namespace PixelFlow.Api.Jobs;

/// <summary>The job lifecycle operations the HTTP API offers.</summary>
public sealed class JobService(
    PixelFlowDbContext db,
    ObjectStorage storage,
    OutboxWriter outbox,
    JobChanges changes,
    IOptions<JobLimitsOptions> limits,
    TimeProvider clock,
    JobReadCache reads,
    Projects.ProjectRulesCache projectRules,
    JobCreationBatcher batcher)
{
    /// <summary>
    /// Creates a job, or — when the request carries an Idempotency-Key already used in this project — returns the
    /// job that key created if the request is the same, or reports the conflict if it is not.
    /// </summary>
    public Task<(Job? Job, CreateOutcome Outcome)> CreateAsync(JobDraft draft, CancellationToken cancellationToken) =>
        CreateAsync(new JobCreation(draft, Queue: false), cancellationToken);

    /// <summary>
    /// For a source already stored (multipart upload): the job row and its <see cref="ProcessJob"/> outbox row in one
    /// transaction, so no job is ever left <c>created</c> with its source uploaded. A replay of the key returns the
    /// earlier job, queued first should it still be <c>created</c> (see <see cref="QueueReplayAsync"/>).
    /// </summary>
    public Task<(Job? Job, CreateOutcome Outcome)> CreateQueuedAsync(JobDraft draft, CancellationToken cancellationToken) =>
        CreateAsync(new JobCreation(draft, Queue: true), cancellationToken);

    /// <summary>
    /// A new job commits with the other creates waiting on this instance (<see cref="JobCreationBatcher"/>): one durable
    /// commit for many. A replay of a key, or a create whose batch failed (a concurrent request's conflict, a dropped
    /// connection), takes the path of one request alone, which settles conflicts and retries blips.
    /// </summary>
    private async Task<(Job? Job, CreateOutcome Outcome)> CreateAsync(JobCreation creation, CancellationToken cancellationToken)
    {
        var draft = creation.Draft;
        if (draft.IdempotencyKey is not null &&
            await DatabaseRetry.RunAsync(token => FindByIdempotencyKeyAsync(draft, token), cancellationToken) is { } replay)
        {
            return creation.Queue ? await QueueReplayAsync(replay, cancellationToken) : replay;
        }

        if (await batcher.CommitAsync(creation, cancellationToken) is { } committed)
        {
            if (committed.Queued is { } queued)
            {
                await PublishQueuedAsync(queued, cancellationToken);
            }

            return (committed.Job, CreateOutcome.Created);
        }

        return await DatabaseRetry.RunAsync(token => CreateAloneAsync(creation, token), cancellationToken);
    }

    /// <summary>
    /// Inserts the jobs (and the commands of those queued) in one transaction and commits it: a batch of
    /// <see cref="JobCreationBatcher"/>, or one request alone. Throws what the commit throws (a unique violation of one
    /// idempotency key fails them all).
    /// </summary>
    internal async Task<IReadOnlyList<CreatedJob>> InsertAsync(IReadOnlyList<JobCreation> creations, CancellationToken cancellationToken)
    {
        // A retried attempt starts from a clean unit of work.
        db.ChangeTracker.Clear();
        var created = new List<CreatedJob>(creations.Count);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var creation in creations)
        {
            var now = clock.GetUtcNow();
            var job = await NewJobAsync(creation.Draft, now, cancellationToken);
            db.Jobs.Add(job);
            created.Add(new CreatedJob(job, creation.Queue ? await QueueInTransactionAsync(job, now) : null));
        }

        // One SaveChanges: EF Core sends the inserts as one batch (one round trip), then the commit.
        await changes.SaveAsync(db, [.. created.Select(job => job.Queued).OfType<JobChange>()], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    private async Task<(Job? Job, CreateOutcome Outcome)> CreateAloneAsync(JobCreation creation, CancellationToken cancellationToken)
    {
        var (draft, queue) = (creation.Draft, creation.Queue);
        db.ChangeTracker.Clear();
        if (draft.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(draft, cancellationToken) is { } replay)
        {
            return queue ? await QueueReplayAsync(replay, cancellationToken) : replay;
        }

        CreatedJob created;
        try
        {
            created = (await InsertAsync([creation], cancellationToken))[0];
        }
        catch (DbUpdateException e) when (DatabaseFailures.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            // An earlier attempt of this very request committed (alone, or in a batch), but the commit's answer was
            // lost with the connection: the job (and its command) exist under the draft's id.
            if (await db.Jobs.AsNoTracking().SingleOrDefaultAsync(existing => existing.Id == draft.JobId, cancellationToken) is { } committed)
            {
                return (committed, CreateOutcome.Created);
            }

            if (draft.IdempotencyKey is null)
            {
                throw;
            }

            // A concurrent request with the same key won the insert: answer as its replay.
            var winner = await FindByIdempotencyKeyAsync(draft, cancellationToken)
                         ?? throw new InvalidOperationException("Idempotency key conflict without a stored job.", e);
            return queue ? await QueueReplayAsync(winner, cancellationToken) : winner;
        }

        if (created.Queued is { } queued)
        {
            await PublishQueuedAsync(queued, cancellationToken);
        }

        return (created.Job, CreateOutcome.Created);
    }

    /// <summary>The job row of a draft; without a webhook URL of its own, the job takes the project's default.</summary>
    private async Task<Job> NewJobAsync(JobDraft draft, DateTimeOffset now, CancellationToken cancellationToken) => new()
    {
        Id = draft.JobId,
        ProjectId = draft.ProjectId,
        SourceType = draft.SourceType,
        SourceKey = draft.SourceKey ?? StorageKeys.Source(draft.ProjectId, draft.JobId),
        WebhookUrl = draft.WebhookUrl ?? await projectRules.DefaultWebhookUrlAsync(db, draft.ProjectId, cancellationToken),
        Outputs = draft.Outputs,
        OutputKeys = draft.OutputKeys,
        IdempotencyKey = draft.IdempotencyKey,
        RequestHash = draft.RequestHash,
        CreatedAt = now,
        CreatedByApiKeyId = draft.ApiKeyId,
        CreatedByUserId = draft.UserId,
    };

    /// <summary>
    /// A new job, queued, inside the caller's open transaction, for features whose own rows must commit with the job
    /// (a file's variants): the caller saves the returned change with <see cref="JobChanges.SaveAsync"/>, commits,
    /// then calls <see cref="PublishQueuedAsync"/>.
    /// </summary>
    internal async Task<JobChange> AddQueuedInTransactionAsync(JobDraft draft, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A job is added to the caller's transaction; none is open.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = clock.GetUtcNow();
        var job = await NewJobAsync(draft, now, cancellationToken);
        db.Jobs.Add(job);
        return await QueueInTransactionAsync(job, now);
    }

    /// <summary>After the queuing transaction committed: wakes the outbox dispatcher and runs the after-commit handlers.</summary>
    internal async Task PublishQueuedAsync(JobChange queued, CancellationToken cancellationToken)
    {
        outbox.Signal();
        await changes.PublishAsync([queued], cancellationToken);
    }

    /// <summary>
    /// A replayed upload whose job is still <c>created</c> is queued now. Such rows were written before the job and its
    /// command shared one transaction; the recovery sweep queues the ones nobody replays.
    /// </summary>
    private async Task<(Job? Job, CreateOutcome Outcome)> QueueReplayAsync((Job? Job, CreateOutcome Outcome) replay,
        CancellationToken cancellationToken)
    {
        if (replay is not { Outcome: CreateOutcome.Replayed, Job: { Status: JobStatus.Created } job })
        {
            return replay;
        }

        var (_, started) = await StartAsync(job.ProjectId, job.Id, cancellationToken);
        return (started ?? job, CreateOutcome.Replayed);
    }

    private async Task<(Job?, CreateOutcome)?> FindByIdempotencyKeyAsync(JobDraft draft, CancellationToken cancellationToken)
    {
        var existing = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(
            job => job.ProjectId == draft.ProjectId && job.IdempotencyKey == draft.IdempotencyKey, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        return existing.RequestHash == draft.RequestHash
            ? (existing, CreateOutcome.Replayed)
            : (existing, CreateOutcome.IdempotencyConflict);
    }

    /// <summary>Cancels an unfinished job; canceling a canceled job is a no-op.</summary>
    public async Task<(Job? Job, bool Changed)> CancelAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        Job? found = null;
        var change = await SettleAsync(jobId, job =>
        {
            if (job.ProjectId != projectId)
            {
                return null;
            }

            found = job;
            var before = job.Status;
            return job.TryCancel(clock.GetUtcNow()) ? new JobChange(job, JobEventTypes.Canceled, before) : null;
        }, cancellationToken);
        return (change?.Job ?? found, change is not null);
    }

    /// <summary>
    /// Fails a job still <c>created</c> and created before <paramref name="createdBefore"/>: its source never arrived
    /// (the cleanup scheduler's unsourced-job expiry). False when the job moved on meanwhile.
    /// </summary>
    public async Task<bool> ExpireUnsourcedAsync(Guid jobId, DateTimeOffset createdBefore, TimeSpan expiry, CancellationToken cancellationToken) =>
        await SettleAsync(jobId, job => job.Status == JobStatus.Created && job.CreatedAt < createdBefore &&
                                        job.TryFail(JobErrorCodes.SourceNotReceived,
                                            $"The job's source never arrived: it was not uploaded (or the job not started) within " +
                                            $"{expiry.TotalHours:0.#} hours of the job's creation.", source: null, clock.GetUtcNow())
            ? new JobChange(job, JobEventTypes.Failed, JobStatus.Created)
            : null, cancellationToken) is not null;

    /// <summary>
    /// Applies <paramref name="transition"/> to the job under its row lock and saves the change it answers through the
    /// change pipeline (event, webhook, usage, mirror), published after commit; null from it changes nothing.
    /// </summary>
    private async Task<JobChange?> SettleAsync(Guid jobId, Func<Job, JobChange?> transition, CancellationToken cancellationToken)
    {
        JobChange? change;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var job = await db.LockJobAsync(jobId, cancellationToken);
            change = job is null ? null : transition(job);
            if (change is null)
            {
                return null;
            }

            await changes.SaveAsync(db, [change], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await changes.PublishAsync([change], cancellationToken);
        return change;
    }

    /// <summary>A page of the project's jobs, newest first, after the cursor's position.</summary>
    public async Task<List<Job>> ListAsync(Guid projectId, JobListQuery query, CancellationToken cancellationToken)
    {
        var jobs = db.Jobs.AsNoTracking().Where(job => job.ProjectId == projectId);
        if (query.Status is { } status)
        {
            jobs = jobs.Where(job => job.Status == status);
        }

        if (query.CreatedAfter is { } after)
        {
            jobs = jobs.Where(job => job.CreatedAt >= after);
        }

        if (query.CreatedBefore is { } before)
        {
            jobs = jobs.Where(job => job.CreatedAt < before);
        }

        if (query.Cursor is { } cursor)
        {
            jobs = jobs.Where(job => job.CreatedAt < cursor.CreatedAt || (job.CreatedAt == cursor.CreatedAt && job.Id.CompareTo(cursor.JobId) < 0));
        }

        return await jobs.OrderByDescending(job => job.CreatedAt).ThenByDescending(job => job.Id)
            .Take(query.Limit).ToListAsync(cancellationToken);
    }

    /// <summary>A job to show, read through <see cref="JobReadCache"/>: shared with other requests, never modify it.</summary>
    public Task<Job?> ReadAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken) =>
        reads.FindAsync(db, projectId, jobId, cancellationToken);

    public Task<Job?> FindAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().SingleOrDefaultAsync(job => job.Id == jobId && job.ProjectId == projectId, cancellationToken);

    /// <summary>
    /// created → queued, with the <see cref="ProcessJob"/> command saved in the same transaction (outbox).
    /// Starting a job that is already queued or running is accepted again without a second command.
    /// </summary>
    public async Task<(StartOutcome Outcome, Job? Job)> StartAsync(Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await FindAsync(projectId, jobId, cancellationToken);
        if (job is null)
        {
            return (StartOutcome.NotFound, null);
        }

        if (AlreadyStarted(job.Status) is { } outcome)
        {
            return (outcome, job);
        }

        var size = await storage.GetSizeAsync(job.SourceKey, cancellationToken);
        if (size is null)
        {
            return (StartOutcome.SourceNotUploaded, job);
        }

        if (size > limits.Value.MaxSourceBytes)
        {
            return (StartOutcome.SourceTooLarge, job);
        }

        return await EnqueueAsync(job, cancellationToken);
    }

    private Task<(StartOutcome Outcome, Job? Job)> EnqueueAsync(Job job, CancellationToken cancellationToken) =>
        DatabaseRetry.RunAsync<(StartOutcome, Job?)>(async token =>
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow();
            JobChange change;
            await using (var transaction = await db.Database.BeginTransactionAsync(token))
            {
                // Under the row lock: a concurrent start may have won (and enqueued the command), or a cancel.
                var locked = await db.LockJobAsync(job.Id, token);
                if (locked is null)
                {
                    return (StartOutcome.NotFound, null);
                }

                if (AlreadyStarted(locked.Status) is { } outcome)
                {
                    return (outcome, locked);
                }

                change = await QueueInTransactionAsync(locked, now);
                await changes.SaveAsync(db, [change], token);
                await transaction.CommitAsync(token);
            }

            await PublishQueuedAsync(change, token);
            return (StartOutcome.Queued, change.Job);
        }, cancellationToken);

    /// <summary>Starting a job no longer created is accepted again while it runs (no second command), refused once finished.</summary>
    private static StartOutcome? AlreadyStarted(JobStatus status) => status switch
    {
        JobStatus.Created => null,
        JobStatus.Queued or JobStatus.Processing => StartOutcome.Queued,
        _ => StartOutcome.AlreadyFinished,
    };

    /// <summary>
    /// created → queued inside the caller's transaction: the <see cref="ProcessJob"/> command goes to the outbox, and
    /// the returned change is for the caller to save with it. Also used by the recovery sweep to queue a job again.
    /// </summary>
    internal async Task<JobChange> QueueInTransactionAsync(Job job, DateTimeOffset now)
    {
        var before = job.Status;
        if (!job.TryQueue(now))
        {
            throw new InvalidOperationException($"Job {job.Id} is {job.Status.ToWire()}; only a created or queued job is queued.");
        }

        outbox.Add(db, await BuildCommandAsync(job, now), Wire.Queues.ProcessJob);
        return new JobChange(job, JobEventTypes.Queued, before);
    }

    private async Task<ProcessJob> BuildCommandAsync(Job job, DateTimeOffset now)
    {
        var options = limits.Value;
        var maxPixels = await projectRules.MaxSourcePixelsAsync(db, job.ProjectId, CancellationToken.None) ?? options.MaxSourcePixels;
        return new ProcessJob
        {
            JobId = job.Id,
            ProjectId = job.ProjectId,
            SourceKey = job.SourceKey,
            OutputPrefix = StorageKeys.OutputPrefix(job.ProjectId, job.Id),
            Outputs = job.Outputs,
            OutputKeys = job.OutputKeys,
            Limits = new ProcessingLimits(maxPixels, options.MaxSourceBytes, options.MaxSourceFrames),
            Assets = job.Outputs.SelectMany(output => output.Steps).Select(step => step.ImageKey).OfType<string>().Distinct()
                .ToDictionary(imageKey => imageKey, imageKey => StorageKeys.Asset(job.ProjectId, imageKey)),
            QueuedAt = now,
        };
    }
}
