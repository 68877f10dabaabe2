using MassTransit;

namespace PixelFlow.Api.Jobs;

/// <summary>The queue is named in the contract, so the worker can address it without knowing the API's consumers.</summary>
public sealed class GetJobStatusConsumerDefinition : ConsumerDefinition<GetJobStatusConsumer>
{
    public GetJobStatusConsumerDefinition()
    {
        EndpointName = GetJobStatus.Queue;
    }
}
