namespace PixelFlow.Api.Cleanup;

/// <summary>
/// Runs one cleanup task and records the run (<see cref="CleanupRun"/>) and its metrics. Called by the Quartz job on the
/// instance the job store gave the run to; the task runs in a scope of its own, so a failure inside it (a broken
/// transaction) never stops the run from being recorded.
/// </summary>
public sealed class CleanupRunner(
    IServiceScopeFactory scopes,
    PixelFlowDbContext db,
    CleanupMetrics metrics,
    IOptions<CleanupOptions> options,
    TimeProvider clock,
    ILogger<CleanupRunner> logger)
{
    /// <param name="runId">The run an operator requested (its row exists, pending); null for a scheduled run.</param>
    /// <param name="dryRun">The operator's choice; null takes <see cref="CleanupOptions.DryRun"/>.</param>
    /// <param name="instance">The scheduler instance running it.</param>
    public async Task<CleanupRun> RunAsync(string taskName, Guid? runId, bool? dryRun, string instance, CancellationToken cancellationToken)
    {
        var run = await StartAsync(taskName, runId, dryRun, instance, cancellationToken);
        var tally = new CleanupTally(run.DryRun);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var task = scope.ServiceProvider.GetServices<ICleanupTask>().SingleOrDefault(candidate => candidate.Name == taskName)
                       ?? throw new InvalidOperationException($"No cleanup task is named '{taskName}' on this instance.");
            await task.RunAsync(tally, cancellationToken);
        }
        catch (Exception e)
        {
            // Recorded, never rethrown: Quartz would only log it, and the next fire is the retry.
            var error = e is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? "Stopped: the instance shut down."
                : $"{e.GetType().Name}: {e.Message}";
            run.Error = error.Length > CleanupRun.MaxErrorLength ? error[..CleanupRun.MaxErrorLength] : error;
            logger.LogWarning(e, "Cleanup task {Task} failed", taskName);
        }

        run.Objects = tally.Objects;
        run.Rows = tally.Rows;
        run.BytesFreed = tally.BytesFreed;
        run.FinishedAt = clock.GetUtcNow();
        // Recorded even while the instance stops, so no run stays "running" for ever.
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.Finished(run);
        logger.LogInformation("Cleanup task {Task} {Status}{Dry}: {Objects} objects ({Bytes} bytes), {Rows} rows", run.Task, run.Status,
            run.DryRun ? " (dry run)" : "", run.Objects, run.BytesFreed, run.Rows);
        return run;
    }

    private async Task<CleanupRun> StartAsync(string taskName, Guid? runId, bool? dryRun, string instance, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var run = runId is { } id ? await db.CleanupRuns.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken) : null;
        if (run is null)
        {
            run = new CleanupRun
            {
                Id = runId ?? Guid.CreateVersion7(),
                Task = taskName,
                Trigger = runId is null ? CleanupTriggers.Schedule : CleanupTriggers.Operator,
                DryRun = dryRun ?? options.Value.DryRun,
                RequestedAt = now,
            };
            db.CleanupRuns.Add(run);
        }

        run.StartedAt = now;
        run.Instance = instance;
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }
}
