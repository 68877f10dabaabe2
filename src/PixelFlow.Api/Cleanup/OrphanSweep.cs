namespace PixelFlow.Api.Cleanup;

/// <summary>
/// Lists the whole bucket and deletes the objects older than <see cref="CleanupOptions.OrphanMinAge"/> that no
/// <see cref="IStorageReferences"/> answers for: sources uploaded for jobs whose creation failed, outputs a failed job
/// left, objects of rows deleted without them. Keys are asked about in batches, so the sweep's memory stays flat
/// whatever the bucket holds.
/// </summary>
public sealed class OrphanSweep(ObjectStorage storage, IEnumerable<IStorageReferences> references, IOptions<CleanupOptions> options,
    TimeProvider clock, ILogger<OrphanSweep> logger)
    : CleanupTask(TaskName, "0 30 3 * * ?", options, clock) // daily at 03:30 UTC
{
    public const string TaskName = "orphan-sweep";

    public override async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
    {
        var oldEnough = Ago(Settings.OrphanMinAge);
        var batch = new List<(string Key, long Size)>(Settings.BatchSize);
        await foreach (var (key, size, lastModified) in storage.ListAllAsync("", cancellationToken))
        {
            if (lastModified >= oldEnough)
            {
                continue;
            }

            batch.Add((key, size));
            if (batch.Count == Settings.BatchSize)
            {
                await SweepAsync(batch, run, cancellationToken);
                batch.Clear();
            }
        }

        await SweepAsync(batch, run, cancellationToken);
    }

    private async Task SweepAsync(List<(string Key, long Size)> batch, CleanupTally run, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var keys = batch.Select(item => item.Key).ToList();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in references)
        {
            referenced.UnionWith(await feature.FindReferencedAsync(keys, cancellationToken));
        }

        foreach (var (key, size) in batch.Where(item => !referenced.Contains(item.Key)))
        {
            await RemoveObjectAsync(storage, key, size, run, cancellationToken);
            logger.LogDebug("Orphan {Key} ({Size} bytes) {Action}", key, size, run.DryRun ? "would be deleted" : "deleted");
        }
    }
}
