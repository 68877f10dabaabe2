namespace PixelFlow.Api.Cleanup;

/// <summary>
/// One kind of cleanup the scheduler runs (the orphan sweep, expiry of unsourced jobs, purges of soft-deleted rows). A
/// feature adds one by registering a scoped implementation (<c>services.AddCleanupTask&lt;T&gt;()</c>); the scheduler
/// gives each its own Quartz job, so two runs of one task never overlap across the cluster while different tasks may.
/// </summary>
public interface ICleanupTask
{
    /// <summary>Stable name (kebab-case): the Quartz job key, the <c>task</c> of run records, metrics and the API.</summary>
    string Name { get; }

    /// <summary>Quartz cron expression in UTC (<c>Cleanup:Schedules:{Name}</c> overrides it).</summary>
    string DefaultSchedule { get; }

    /// <summary>
    /// Does one pass, counting what it removes into <paramref name="run"/> as it goes (so a run that fails half way
    /// still reports what it did). With <see cref="CleanupTally.DryRun"/>, changes nothing and counts what it would remove.
    /// </summary>
    Task RunAsync(CleanupTally run, CancellationToken cancellationToken);
}

/// <summary>What one run removed so far (or, dry, would have removed).</summary>
public sealed class CleanupTally(bool dryRun)
{
    public bool DryRun { get; } = dryRun;

    /// <summary>Storage objects deleted.</summary>
    public long Objects { get; private set; }

    /// <summary>Database rows deleted, or settled (expired jobs).</summary>
    public long Rows { get; private set; }

    /// <summary>Bytes of the deleted objects.</summary>
    public long BytesFreed { get; private set; }

    public void ObjectRemoved(long bytes)
    {
        Objects++;
        BytesFreed += bytes;
    }

    public void RowsRemoved(long rows) => Rows += rows;
}
