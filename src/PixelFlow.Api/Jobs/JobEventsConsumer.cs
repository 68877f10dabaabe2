using MassTransit;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Records what the worker reports through the job's transitions (<see cref="Job.TryStartProcessing"/> and the
/// others), which refuse what the job's status does not allow: a redelivered or late event never moves a finished
/// job. Events of one job are applied one at a time: each locks the job's row (<c>FOR UPDATE</c>) for its
/// transaction, and the consumer definition partitions them by job.
/// </summary>
public sealed class JobEventsConsumer(PixelFlowDbContext db, JobChanges changes, ILogger<JobEventsConsumer> logger) :
    IConsumer<JobProcessingStarted>,
    IConsumer<JobOutputCompleted>,
    IConsumer<JobSucceeded>,
    IConsumer<JobFailed>,
    IConsumer<Fault<ProcessJob>>
{
    public Task Consume(ConsumeContext<JobProcessingStarted> context) =>
        ApplyAsync(context.Message.JobId, job => job.TryStartProcessing(context.Message.StartedAt), context.CancellationToken);

    public Task Consume(ConsumeContext<JobOutputCompleted> context) =>
        ApplyAsync(context.Message.JobId, job => job.TryCompleteOutput(context.Message.Output), context.CancellationToken,
            output: context.Message.Output);

    public Task Consume(ConsumeContext<JobSucceeded> context)
    {
        var message = context.Message;
        return ApplyAsync(message.JobId, job => job.TrySucceed(message.Outputs, message.Source, message.Warnings, message.CompletedAt),
            context.CancellationToken, usage: message.Usage);
    }

    public Task Consume(ConsumeContext<JobFailed> context)
    {
        var message = context.Message;
        return ApplyAsync(message.JobId, job => job.TryFail(message.ErrorCode, message.ErrorMessage, message.Source, message.FailedAt),
            context.CancellationToken, usage: message.Usage);
    }

    /// <summary>The worker gave up after its retries (storage or broker trouble): the job must not stay processing.</summary>
    public Task Consume(ConsumeContext<Fault<ProcessJob>> context) =>
        ApplyAsync(context.Message.Message.JobId, job => job.TryFail(JobErrorCodes.ProcessingFailed,
                "Processing failed after retries: " + (context.Message.Exceptions.FirstOrDefault()?.Message ?? "unknown error"),
                source: null, context.Message.Timestamp),
            context.CancellationToken);

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
