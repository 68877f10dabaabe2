using System.Diagnostics;

namespace PixelFlow.Worker.Telemetry;

/// <summary>
/// Where one job's time goes inside the worker: each phase's wall time is recorded in the
/// <c>pixelflow.job.phase.duration</c> histogram (tag <c>phase</c>) and set on the job's consume span as
/// <c>pixelflow.phase.&lt;phase&gt;_ms</c>, so the dashboard shows both the distribution and one job's breakdown.
/// A phase that runs once per output (render, store, report) accumulates, and is recorded once per job.
/// </summary>
public sealed class JobPhases(WorkerMetrics metrics, Activity? span)
{
    public const string InstrumentName = JobPhaseHistogram.Name;
    public const string Queued = "queued";
    public const string FetchSource = "fetch_source";
    public const string Decode = "decode";
    public const string Render = "render";
    public const string Store = "store";
    public const string Report = "report";

    private readonly Dictionary<string, TimeSpan> _totals = new(StringComparer.Ordinal);
    private long _mark = Stopwatch.GetTimestamp();

    /// <summary>The time since the previous phase ended (or since this job was taken) belongs to <paramref name="phase"/>.</summary>
    public void Ended(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        _totals[phase] = _totals.GetValueOrDefault(phase) + Stopwatch.GetElapsedTime(_mark, now);
        _mark = now;
    }

    /// <summary>Records every phase that ran; called once, whether the job succeeded or failed.</summary>
    public void Complete()
    {
        foreach (var (phase, duration) in _totals)
        {
            metrics.PhaseCompleted(phase, duration);
            span?.SetTag($"pixelflow.phase.{phase}_ms", Math.Round(duration.TotalMilliseconds, 1));
        }
    }
}
