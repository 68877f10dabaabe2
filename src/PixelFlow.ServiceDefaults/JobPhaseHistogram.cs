namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one histogram both services record a job's phases in (tag <c>phase</c>): the API its dispatch and settle,
/// the worker the rest. Same name and boundaries on both sides, so a dashboard or a Prometheus query sums them.
/// </summary>
public static class JobPhaseHistogram
{
    public const string Name = "pixelflow.job.phase.duration";

    /// <summary>Seconds: milliseconds on an idle system, up to minutes behind a backlog or an outage.</summary>
    public static readonly IReadOnlyList<double> BucketBoundaries =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
}
