using PixelFlow.Api.Services;
using PixelFlow.Api.Usage;

namespace PixelFlow.Api.Telemetry;

/// <summary>
/// Counts job lifecycle transitions. Runs after commit, so a rolled-back change is never counted, and the change
/// pipeline fires once per transition, so a redelivered worker event is not counted twice.
/// </summary>
public sealed class JobMetricsHandler(ApiMetrics metrics) : IJobChangeHandler
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
                break;
            case JobEventTypes.Failed:
                metrics.JobFailed(change.Job.ErrorCode);
                break;
            case JobEventTypes.Canceled:
                metrics.JobCanceled();
                break;
        }

        return Task.CompletedTask;
    }
}
