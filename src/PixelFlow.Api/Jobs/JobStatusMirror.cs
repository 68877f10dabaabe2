using StackExchange.Redis;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Mirrors each job's status into Redis so the data plane can skip work the control plane has settled
/// (a canceled job, or a redelivered command for a job that already succeeded) without a database of its own.
/// Postgres stays the source of truth; a missing mirror entry only means the worker does the work.
/// </summary>
public sealed class JobStatusMirror(IConnectionMultiplexer redis, ILogger<JobStatusMirror> logger) : IJobChangeHandler
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public Task OnChangedAsync(JobChange change, CancellationToken cancellationToken) =>
        change.Job.Status == change.PreviousStatus ? Task.CompletedTask : PublishAsync(change.Job.Id, change.Job.Status);

    public async Task PublishAsync(Guid jobId, JobStatus status)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(Wire.RedisKeys.JobStatus(jobId), status.ToWire(), Retention);
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not mirror status {Status} of job {JobId} to Redis", status, jobId);
        }
    }
}
