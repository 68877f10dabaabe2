using System.Diagnostics.Metrics;

namespace PixelFlow.Api.Cleanup;

/// <summary>What cleanup runs removed, on the API's meter (<see cref="ApiMetrics.Meter"/>), tagged with cleanup.task.</summary>
public sealed class CleanupMetrics
{
    private readonly Counter<long> _runs;
    private readonly Counter<long> _objects;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _bytesFreed;

    public CleanupMetrics(ApiMetrics apiMetrics)
    {
        var meter = apiMetrics.Meter;
        _runs = meter.CreateCounter<long>("pixelflow.cleanup.runs", "{run}",
            "Cleanup runs finished, tagged with cleanup.task, cleanup.dry_run and cleanup.outcome (succeeded or failed).");
        _objects = meter.CreateCounter<long>("pixelflow.cleanup.objects", "{object}",
            "Storage objects deleted by cleanup (dry runs excluded), tagged with cleanup.task.");
        _rows = meter.CreateCounter<long>("pixelflow.cleanup.rows", "{row}",
            "Database rows deleted or settled by cleanup (dry runs excluded), tagged with cleanup.task.");
        _bytesFreed = meter.CreateCounter<long>("pixelflow.cleanup.bytes_freed", "By",
            "Bytes of the storage objects cleanup deleted (dry runs excluded), tagged with cleanup.task.");
    }

    public void Finished(CleanupRun run)
    {
        var task = new KeyValuePair<string, object?>("cleanup.task", run.Task);
        _runs.Add(1, task, new KeyValuePair<string, object?>("cleanup.dry_run", run.DryRun),
            new KeyValuePair<string, object?>("cleanup.outcome", run.Status));
        if (run.DryRun)
        {
            return;
        }

        _objects.Add(run.Objects, task);
        _rows.Add(run.Rows, task);
        _bytesFreed.Add(run.BytesFreed, task);
    }
}
