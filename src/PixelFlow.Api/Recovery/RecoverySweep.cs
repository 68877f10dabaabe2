using PixelFlow.Api.Outbox;

namespace PixelFlow.Api.Recovery;

/// <summary>Why a job's state and its evidence disagree.</summary>
public enum RecoveryReason
{
    /// <summary>Every output is recorded, yet the job never got a terminal status (its <c>JobSucceeded</c> was lost).</summary>
    OutputsComplete,

    /// <summary><c>processing</c> long past the deadline: no worker is on it any more.</summary>
    ProcessingOverdue,

    /// <summary><c>queued</c> long, and no command for it waits in the outbox.</summary>
    QueuedWithoutCommand,

    /// <summary>A multipart job left <c>created</c> with its source in storage.</summary>
    CreatedWithSource,
}

/// <summary>How a job was settled.</summary>
public enum RecoveryAction
{
    Succeeded,
    Failed,
    Requeued,
}

public static class RecoveryReasonExtensions
{
    public static string ToWire(this RecoveryReason reason) => reason switch
    {
        RecoveryReason.OutputsComplete => "outputs_complete",
        RecoveryReason.ProcessingOverdue => "processing_overdue",
        RecoveryReason.QueuedWithoutCommand => "queued_without_command",
        RecoveryReason.CreatedWithSource => "created_with_source",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

/// <summary>
/// Finds jobs whose state and evidence disagree and settles each one through the usual change pipeline (event,
/// webhook, usage record, status mirror), so that no job stays unfinished forever whatever message was lost. Every
/// API instance runs it; a transaction-scoped Postgres advisory lock lets one sweep at a time, and the others skip
/// that round.
/// </summary>
public sealed class RecoverySweep(
    IServiceScopeFactory scopes,
    OutboxWriter outbox,
    RecoveryMetrics metrics,
    IOptions<RecoveryOptions> options,
    TimeProvider clock,
    ILogger<RecoverySweep> logger) : BackgroundService
{
    /// <summary>Key of the advisory lock the API's instances take turns on to sweep ("PFSWEEP").</summary>
    internal const long SweepLockKey = 0x50_46_53_57_45_45_50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The database (or storage) being down is exactly when jobs get stranded: try again next round.
                    logger.LogWarning("Recovery sweep failed; next one in {Interval}: {Error}", options.Value.Interval, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>One sweep; returns the jobs it settled, or null when another instance holds the sweep lock.</summary>
    public async Task<IReadOnlyList<(Guid JobId, RecoveryReason Reason, RecoveryAction Action)>?> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var changes = scope.ServiceProvider.GetRequiredService<JobChanges>();
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();
        var storage = scope.ServiceProvider.GetRequiredService<ObjectStorage>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({SweepLockKey}) AS \"Value\"")
            .SingleAsync(cancellationToken);
        if (!locked)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var activeBefore = now - Min(settings.OutputsCompleteDeadline, settings.ProcessingDeadline, settings.QueuedDeadline);
        var createdBefore = now - settings.CreatedDeadline;
        var multipart = JobRequestValidator.MultipartSource;
        // Rows another transaction holds (an event being applied right now) are left for the next sweep.
        var candidates = await db.Jobs.FromSql($"""
                SELECT *, xmin FROM jobs
                WHERE (status IN ('queued', 'processing') AND COALESCE(started_at, queued_at, created_at) < {activeBefore})
                   OR (status = 'created' AND source_type = {multipart} AND created_at < {createdBefore})
                ORDER BY created_at LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        var settled = new List<(JobChange Change, RecoveryReason Reason, RecoveryAction Action)>();
        foreach (var job in candidates)
        {
            var hasCommand = job.Status == JobStatus.Queued && await db.Database.SqlQuery<bool>(
                    $"SELECT EXISTS (SELECT 1 FROM outbox_messages WHERE payload ->> 'JobId' = {job.Id.ToString()}) AS \"Value\"")
                .SingleAsync(cancellationToken);
            var sourceStored = job.Status == JobStatus.Created && await storage.GetSizeAsync(job.SourceKey, cancellationToken) is not null;
            if (Classify(job, now, settings, hasCommand, sourceStored) is not { } reason)
            {
                continue;
            }

            var (change, action) = await SettleAsync(job, reason, now, jobs);
            settled.Add((change, reason, action));
            logger.LogWarning("Recovery: job {JobId} was {Status} ({Reason}); {Action}", job.Id, change.PreviousStatus.ToWire(),
                reason.ToWire(), action.ToString().ToLowerInvariant());
        }

        if (settled.Count > 0)
        {
            await changes.SaveAsync(db, [.. settled.Select(s => s.Change)], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (settled.Count == 0)
        {
            return [];
        }

        outbox.Signal();
        await changes.PublishAsync([.. settled.Select(s => s.Change)], cancellationToken);
        foreach (var (_, reason, action) in settled)
        {
            metrics.Settled(reason, action);
        }

        return [.. settled.Select(s => (s.Change.Job.Id, s.Reason, s.Action))];
    }

    /// <summary>What disagrees about a job, if anything (the rules of the README's recovery guarantees).</summary>
    internal static RecoveryReason? Classify(Job job, DateTimeOffset now, RecoveryOptions settings, bool hasQueuedCommand, bool sourceStored)
    {
        var sinceActive = now - (job.StartedAt ?? job.QueuedAt ?? job.CreatedAt);
        return job.Status switch
        {
            JobStatus.Queued or JobStatus.Processing when sinceActive > settings.OutputsCompleteDeadline &&
                                                         job.Outputs.All(spec => job.Results.Any(result => result.Id == spec.Id))
                => RecoveryReason.OutputsComplete,
            JobStatus.Processing when sinceActive > settings.ProcessingDeadline => RecoveryReason.ProcessingOverdue,
            JobStatus.Queued when sinceActive > settings.QueuedDeadline && !hasQueuedCommand => RecoveryReason.QueuedWithoutCommand,
            JobStatus.Created when job.SourceType == JobRequestValidator.MultipartSource &&
                                   now - job.CreatedAt > settings.CreatedDeadline && sourceStored
                => RecoveryReason.CreatedWithSource,
            _ => null,
        };
    }

    private async Task<(JobChange Change, RecoveryAction Action)> SettleAsync(Job job, RecoveryReason reason, DateTimeOffset now, JobService jobs)
    {
        var before = job.Status;
        switch (reason)
        {
            case RecoveryReason.OutputsComplete:
                EnsureTransitioned(job.TrySucceed(job.Results, job.Source, job.Warnings, now));
                // The lost JobSucceeded carried the worker's figures. The source report and the recorded outputs give
                // the same pixel count the worker meters (source pixels of every frame plus every output's) and the
                // bytes; only the compute time is lost.
                var sourcePixels = job.Source is { } source ? (long)source.Width * source.Height * source.Frames : 0;
                var usage = new JobUsage(
                    sourcePixels + job.Results.Sum(result => (long)result.Width * result.Height * result.Frames),
                    job.Source?.Bytes ?? 0, job.Results.Sum(result => result.Bytes), 0);
                return (new JobChange(job, JobEventTypes.Succeeded, before, Usage: usage), RecoveryAction.Succeeded);
            case RecoveryReason.ProcessingOverdue:
                EnsureTransitioned(job.TryFail(JobErrorCodes.WorkerLost,
                    $"No worker reported on the job within {options.Value.ProcessingDeadline.TotalMinutes:0} minutes " +
                    "of its start; the worker processing it was lost.", source: null, now));
                return (new JobChange(job, JobEventTypes.Failed, before), RecoveryAction.Failed);
            default:
                // Queued again (a lost command) or at last (an orphan of creation): the worker overwrites any output a
                // first run stored, and skips the command if the job settles meanwhile.
                return (await jobs.QueueInTransactionAsync(job, now), RecoveryAction.Requeued);
        }
    }

    /// <summary><see cref="Classify"/> picks unfinished jobs only, which every settling transition accepts.</summary>
    private static void EnsureTransitioned(bool transitioned)
    {
        if (!transitioned)
        {
            throw new InvalidOperationException("A job the sweep classified refused its settling transition.");
        }
    }

    private static TimeSpan Min(params TimeSpan[] spans) => spans.Min();
}
