using MassTransit;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Records what the worker reports. Every transition is guarded by the job's current status, so a redelivered
/// or late event never moves a finished job (a <c>JobProcessingStarted</c> arriving after <c>JobSucceeded</c>
/// changes nothing). Concurrent events for one job are serialised by optimistic concurrency (xmin) and retried.
/// </summary>
public sealed class JobEventsConsumer(PixelFlowDbContext db, JobChanges changes, ILogger<JobEventsConsumer> logger) :
    IConsumer<JobProcessingStarted>,
    IConsumer<JobOutputCompleted>,
    IConsumer<JobSucceeded>,
    IConsumer<JobFailed>,
    IConsumer<Fault<ProcessJob>>
{
    public Task Consume(ConsumeContext<JobProcessingStarted> context) =>
        ApplyAsync(context.Message.JobId, job =>
        {
            if (job.Status != JobStatus.Queued)
            {
                return false;
            }

            job.Status = JobStatus.Processing;
            job.StartedAt = context.Message.StartedAt;
            return true;
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<JobOutputCompleted> context) =>
        ApplyAsync(context.Message.JobId, job =>
        {
            if (job.Status.IsFinished() || job.Results.Any(result => result.Id == context.Message.Output.Id))
            {
                return false;
            }

            job.Results = [.. job.Results, context.Message.Output];
            return true;
        }, context.CancellationToken, output: context.Message.Output);

    public Task Consume(ConsumeContext<JobSucceeded> context) =>
        ApplyAsync(context.Message.JobId, job =>
        {
            if (job.Status.IsFinished())
            {
                return false;
            }

            var message = context.Message;
            job.Status = JobStatus.Succeeded;
            job.Results = [.. message.Outputs];
            job.Source = message.Source;
            job.Warnings = [.. message.Warnings];
            job.StartedAt ??= message.CompletedAt;
            job.CompletedAt = message.CompletedAt;
            return true;
        }, context.CancellationToken, usage: context.Message.Usage);

    public Task Consume(ConsumeContext<JobFailed> context) =>
        ApplyAsync(context.Message.JobId, job =>
        {
            if (job.Status.IsFinished())
            {
                return false;
            }

            var message = context.Message;
            job.Status = JobStatus.Failed;
            job.ErrorCode = message.ErrorCode;
            job.ErrorMessage = message.ErrorMessage;
            job.Source = message.Source ?? job.Source;
            job.StartedAt ??= message.FailedAt;
            job.CompletedAt = message.FailedAt;
            return true;
        }, context.CancellationToken, usage: context.Message.Usage);

    /// <summary>The worker gave up after its retries (storage or broker trouble): the job must not stay processing.</summary>
    public Task Consume(ConsumeContext<Fault<ProcessJob>> context) =>
        ApplyAsync(context.Message.Message.JobId, job =>
        {
            if (job.Status.IsFinished())
            {
                return false;
            }

            job.Status = JobStatus.Failed;
            job.ErrorCode = JobErrorCodes.ProcessingFailed;
            job.ErrorMessage = "Processing failed after retries: " +
                               (context.Message.Exceptions.FirstOrDefault()?.Message ?? "unknown error");
            job.CompletedAt = context.Message.Timestamp;
            return true;
        }, context.CancellationToken);

    private async Task ApplyAsync(Guid jobId, Func<Job, bool> transition, CancellationToken cancellationToken,
        OutputResult? output = null, JobUsage? usage = null)
    {
        JobChange change;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var job = await db.LockJobAsync(jobId, cancellationToken);
            if (job is null)
            {
                logger.LogWarning("Event for unknown job {JobId} ignored", jobId);
                return;
            }

            var before = job.Status;
            if (!transition(job))
            {
                logger.LogDebug("Event for job {JobId} in status {Status} changes nothing", jobId, before);
                return;
            }

            var eventType = output is not null ? JobEventTypes.OutputCompleted : JobEventTypes.ForStatus(job.Status);
            change = new JobChange(job, eventType, before, output, usage);
            await changes.SaveAsync(db, [change], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await changes.PublishAsync([change], cancellationToken);
    }
}
