using MassTransit;
using Microsoft.Extensions.Options;
using PixelFlow.Contracts.V1;

namespace PixelFlow.Worker.Consumers;

/// <summary>Endpoint settings for <see cref="ProcessJobConsumer"/>: CPU-bound concurrency and outage retries.</summary>
public sealed class ProcessJobConsumerDefinition : ConsumerDefinition<ProcessJobConsumer>
{
    private readonly TimeSpan[] _retryIntervals;

    public ProcessJobConsumerDefinition(IOptions<WorkerOptions> options)
        : this(options, MessageRetryIntervals.OutlastAMinute)
    {
    }

    /// <param name="retryIntervals">The waits between attempts (tests shorten them).</param>
    internal ProcessJobConsumerDefinition(IOptions<WorkerOptions> options, TimeSpan[] retryIntervals)
    {
        // process-job, or process-job-heif for the worker on the system libvips (see WorkerOptions.Queue).
        EndpointName = options.Value.Queue;
        ConcurrentMessageLimit = options.Value.EffectiveConcurrentJobs;
        _retryIntervals = retryIntervals;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ProcessJobConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = (ConcurrentMessageLimit ?? 1) * 2;
        ConfigureOutageRetry(endpointConfigurator, consumerConfigurator, _retryIntervals,
            context.GetRequiredService<TimeProvider>());
    }

    /// <summary>
    /// Storage or broker trouble: the whole job runs again after each wait (outputs overwrite their own keys), for
    /// over a minute in all; an outage still there on the last attempt fails the job as
    /// <see cref="JobErrorCodes.StorageUnavailable"/>. Anything else is not retried: a bad source already ends as
    /// <c>JobFailed</c> inside the consumer, and a bug would fail the same way every time (its fault fails the job).
    /// </summary>
    internal static void ConfigureOutageRetry<TConsumer>(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, TimeSpan[] retryIntervals, TimeProvider clock)
        where TConsumer : class, IConsumer<ProcessJob>
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(StorageFailures.IsTransient);
            retry.Intervals(retryIntervals);
        });
        // Inside the retry (consumer pipe), so it sees each attempt and acts on the last one only.
        consumerConfigurator.Message<ProcessJob>(message =>
            message.UseFilter(new StorageOutageFilter(retryIntervals.Length, retryIntervals.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait), clock)));
    }
}

/// <summary>
/// On the last retry attempt, a storage or broker outage ends the job as <see cref="JobErrorCodes.StorageUnavailable"/>
/// (a code that says what happened) instead of a generic fault; earlier attempts let the retry wait and run again.
/// </summary>
internal sealed class StorageOutageFilter(int retries, TimeSpan retriedFor, TimeProvider clock) : IFilter<ConsumeContext<ProcessJob>>
{
    public async Task Send(ConsumeContext<ProcessJob> context, IPipe<ConsumeContext<ProcessJob>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e) && context.GetRetryAttempt() >= retries)
        {
            var job = context.Message;
            // If the broker is what is down, this publish throws too and the command stays on the queue: the job is
            // then retried when the broker is back rather than failed.
            await context.Publish(new JobFailed(
                JobId: job.JobId,
                ProjectId: job.ProjectId,
                ErrorCode: JobErrorCodes.StorageUnavailable,
                ErrorMessage: $"Storage stayed unreachable for {retriedFor.TotalSeconds:0} s of retries: {e.Message}",
                Source: null,
                Usage: new JobUsage(0, 0, 0, 0),
                FailedAt: clock.GetUtcNow()), CancellationToken.None);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("storageOutage");
}
