using PixelFlow.Api.Usage;

namespace PixelFlow.Api.Telemetry;

/// <summary>
/// Counts job lifecycle transitions. Runs after commit, so a rolled-back change is never counted, and the change
/// pipeline fires once per transition, so a redelivered worker event is not counted twice.
/// </summary>
public sealed class JobMetricsHandler(ApiMetrics metrics, TimeProvider clock) : IJobChangeHandler
{
    public Task OnChangedAsync(JobChange change, CancellationToken cancellationToken)
    {
        switch (change.EventType)
        {
            case JobEventTypes.Queued:
                metrics.JobStarted();
                break;
            case JobEventTypes.Succeeded:
                metrics.JobSucceeded(UsageRecorder.BytesSaved(change));
                RecordSettled(change);
                break;
            case JobEventTypes.Failed:
                metrics.JobFailed(change.Job.ErrorCode);
                RecordSettled(change);
                break;
            case JobEventTypes.Canceled:
                metrics.JobCanceled();
                break;
        }

        return Task.CompletedTask;
    }

    /// <summary>From the worker's completion time (the job's <c>completed_at</c>) to this commit.</summary>
    private void RecordSettled(JobChange change)
    {
        if (change.Job.StartedAt is not null && change.Job.CompletedAt is { } completedAt)
        {
            metrics.PhaseCompleted(ApiMetrics.SettlePhase, clock.GetUtcNow() - completedAt);
        }
    }
}
