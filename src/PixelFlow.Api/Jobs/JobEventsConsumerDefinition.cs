using MassTransit;

namespace PixelFlow.Api.Jobs;

/// <summary>
/// Retries a concurrent update of the same job at once, and a database outage for minutes (see
/// <see cref="MessageRetryIntervals.OverMinutes"/>): an event is never parked because Postgres restarted under it.
/// </summary>
public sealed class JobEventsConsumerDefinition : ConsumerDefinition<JobEventsConsumer>
{
    public JobEventsConsumerDefinition()
    {
        EndpointName = "job-events";
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<JobEventsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Events of one job are applied in the order they arrive (the worker publishes them in order); different
        // jobs still run in parallel.
        var byJob = endpointConfigurator.CreatePartitioner(ConcurrentMessageLimit ?? 16);
        consumerConfigurator.Message<JobProcessingStarted>(message => message.UsePartitioner(byJob, context => context.Message.JobId));
        consumerConfigurator.Message<JobOutputCompleted>(message => message.UsePartitioner(byJob, context => context.Message.JobId));
        consumerConfigurator.Message<JobSucceeded>(message => message.UsePartitioner(byJob, context => context.Message.JobId));
        consumerConfigurator.Message<JobFailed>(message => message.UsePartitioner(byJob, context => context.Message.JobId));
        consumerConfigurator.Message<Fault<ProcessJob>>(message => message.UsePartitioner(byJob, context => context.Message.Message.JobId));
        endpointConfigurator.UseMessageRetry(retry =>
        {
            // DbUpdateException: two jobs of one project taking the same event sequence number at once, or a save that
            // lost to a newer version of the job (its xmin); both succeed when run again.
            retry.Handle<DbUpdateException>();
            retry.Handle<Exception>(DatabaseFailures.IsTransient);
            retry.Intervals(MessageRetryIntervals.OverMinutes);
        });
    }
}
