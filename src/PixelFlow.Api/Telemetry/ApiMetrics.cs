using System.Diagnostics.Metrics;

namespace PixelFlow.Api.Telemetry;

/// <summary>
/// The control plane's instruments (Meter <c>PixelFlow.Api</c>, exported by ServiceDefaults with every
/// <c>PixelFlow.*</c> meter). Created through <see cref="IMeterFactory"/> so each host owns its meter: two API
/// instances in one process (tests) do not share instruments.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "PixelFlow.Api";

    private readonly Counter<long> _jobsCreated;
    private readonly Counter<long> _jobsStarted;
    private readonly Counter<long> _jobsSucceeded;
    private readonly Counter<long> _jobsFailed;
    private readonly Counter<long> _jobsCanceled;
    private readonly Counter<long> _bytesSaved;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Histogram<double> _phaseDuration;

    /// <summary>The meter itself, which features add their own instruments to (cleanup, webhooks, recovery).</summary>
    public Meter Meter { get; }

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = Meter = meterFactory.Create(MeterName);
        _jobsCreated = meter.CreateCounter<long>("pixelflow.jobs.created", "{job}", "Jobs created (POST /v1/jobs, replays excluded).");
        _jobsStarted = meter.CreateCounter<long>("pixelflow.jobs.started", "{job}", "Jobs queued for processing.");
        _jobsSucceeded = meter.CreateCounter<long>("pixelflow.jobs.succeeded", "{job}", "Jobs whose every output was stored.");
        _jobsFailed = meter.CreateCounter<long>("pixelflow.jobs.failed", "{job}", "Jobs that failed, tagged with error.code.");
        _jobsCanceled = meter.CreateCounter<long>("pixelflow.jobs.canceled", "{job}", "Jobs canceled before they finished.");
        _bytesSaved = meter.CreateCounter<long>("pixelflow.bytes.saved", "By",
            "Source bytes minus output bytes of succeeded jobs, when positive.");
        _rateLimitRejections = meter.CreateCounter<long>("pixelflow.ratelimit.rejections", "{request}",
            "Requests answered 429 because the API key's token bucket was empty.");
        // The same instrument the worker records its phases in: one histogram shows a job's whole path by phase.
        _phaseDuration = meter.CreateHistogram(JobPhaseHistogram.Name, "s",
            "Time a job spends in each phase, tagged with phase: dispatch (queued by the API until the broker took " +
            "the command), settle (the worker finished until the API recorded the outcome).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JobPhaseHistogram.BucketBoundaries });
    }

    public const string DispatchPhase = "dispatch";
    public const string SettlePhase = "settle";

    /// <summary>Clock skew between API and worker hosts can make a phase negative: it is clamped to 0.</summary>
    public void PhaseCompleted(string phase, TimeSpan duration) =>
        _phaseDuration.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("phase", phase));

    public void JobCreated() => _jobsCreated.Add(1);

    /// <summary>
    /// Counts the job a create request makes once its response shows one was made (201 or 202, not marked as an
    /// idempotent replay): jobs are created on several paths (JSON, multipart upload), which all end there.
    /// </summary>
    public static void CountJobCreation(HttpContext context, string replayedHeader)
    {
        var metrics = context.RequestServices.GetRequiredService<ApiMetrics>();
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode is StatusCodes.Status201Created or StatusCodes.Status202Accepted &&
                !context.Response.Headers.ContainsKey(replayedHeader))
            {
                metrics.JobCreated();
            }

            return Task.CompletedTask;
        });
    }

    public void JobStarted() => _jobsStarted.Add(1);

    public void JobSucceeded(long bytesSaved)
    {
        _jobsSucceeded.Add(1);
        if (bytesSaved > 0)
        {
            _bytesSaved.Add(bytesSaved);
        }
    }

    /// <param name="errorCode">A stable code from <c>JobErrorCodes</c>: a small, bounded set of tag values.</param>
    public void JobFailed(string? errorCode) =>
        _jobsFailed.Add(1, new KeyValuePair<string, object?>("error.code", errorCode ?? "unknown"));

    public void JobCanceled() => _jobsCanceled.Add(1);

    public void RateLimitRejected() => _rateLimitRejections.Add(1);
}
