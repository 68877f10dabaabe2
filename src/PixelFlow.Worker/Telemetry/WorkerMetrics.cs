using System.Diagnostics.Metrics;

namespace PixelFlow.Worker.Telemetry;

/// <summary>
/// The data plane's instruments (Meter <c>PixelFlow.Worker</c>, exported by ServiceDefaults with every
/// <c>PixelFlow.*</c> meter): how long outputs take per format, and where a job's time goes (its phases).
/// </summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "PixelFlow.Worker";

    /// <summary>
    /// Seconds, from a small thumbnail (milliseconds) to a large AVIF or a job stuck behind a backlog (minutes);
    /// the SDK's default boundaries are meant for milliseconds.
    /// </summary>
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Histogram<double> _outputDuration;
    private readonly Histogram<double> _phaseDuration;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        _outputDuration = meter.CreateHistogram("pixelflow.output.processing.duration", "s",
            "Time to render and encode one output, tagged with its format.", advice: advice);
        _phaseDuration = meter.CreateHistogram(JobPhaseHistogram.Name, "s",
            "Time a job spends in each phase, tagged with phase: queued (queued by the API until a worker takes it), " +
            "fetch_source, decode, render, store (all outputs), report (events to the API).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JobPhaseHistogram.BucketBoundaries });
    }

    public void OutputProcessed(string format, TimeSpan duration) =>
        _outputDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("format", format));

    /// <summary>Clock skew between API and worker hosts can make the difference negative: it is clamped to 0.</summary>
    public void JobDequeued(DateTimeOffset queuedAt, DateTimeOffset startedAt) =>
        PhaseCompleted(JobPhases.Queued, TimeSpan.FromSeconds(Math.Max(0, (startedAt - queuedAt).TotalSeconds)));

    public void PhaseCompleted(string phase, TimeSpan duration) =>
        _phaseDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));
}
