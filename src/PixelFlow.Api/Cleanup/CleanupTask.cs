namespace PixelFlow.Api.Cleanup;

/// <summary>
/// What every cleanup task shares: its name and default schedule, the cleanup settings, cut-offs taken from the
/// application's clock (which tests shift), and the ways of working through what is due a batch at a time.
/// </summary>
public abstract class CleanupTask(string name, string defaultSchedule, IOptions<CleanupOptions> options, TimeProvider clock)
    : ICleanupTask
{
    public string Name => name;

    public string DefaultSchedule => defaultSchedule;

    protected CleanupOptions Settings => options.Value;

    protected DateTimeOffset Now => clock.GetUtcNow();

    public abstract Task RunAsync(CleanupTally run, CancellationToken cancellationToken);

    /// <summary>The instant <paramref name="age"/> before now: what is older than it is due.</summary>
    protected DateTimeOffset Ago(TimeSpan age) => Now - age;

    /// <summary>
    /// Reads what is due in keyset pages of <see cref="CleanupOptions.BatchSize"/> and hands each item to
    /// <paramref name="handle"/>, until a page comes back short. <paramref name="pageAfter"/> gives the ordered query of
    /// the items after the last one read (null: from the start), so items a run leaves in place (every one, in a dry
    /// run) are not read again, and one that vanished meanwhile does not stop the run.
    /// </summary>
    protected async Task ForEachDueAsync<T>(Func<T?, IQueryable<T>> pageAfter, Func<T, Task> handle, CancellationToken cancellationToken)
        where T : class
    {
        T? last = null;
        while (true)
        {
            var page = await pageAfter(last).Take(Settings.BatchSize).ToListAsync(cancellationToken);
            foreach (var item in page)
            {
                await handle(item);
            }

            if (page.Count < Settings.BatchSize)
            {
                return;
            }

            last = page[^1];
        }
    }

    /// <summary>Deletes a storage object (a dry run only counts it) and adds it to the run's tally.</summary>
    protected static async Task RemoveObjectAsync(ObjectStorage storage, string key, long size, CleanupTally run,
        CancellationToken cancellationToken)
    {
        if (!run.DryRun)
        {
            await storage.DeleteAsync(key, cancellationToken);
        }

        run.ObjectRemoved(size);
    }
}
