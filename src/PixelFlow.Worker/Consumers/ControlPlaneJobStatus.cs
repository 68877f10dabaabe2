using MassTransit;
using PixelFlow.Contracts.V1;

namespace PixelFlow.Worker.Consumers;

/// <summary>
/// The API's answer to "what is this job's status?", over the broker (<see cref="GetJobStatus"/>): asked when the
/// Redis mirror has no entry, so that a Redis that lost its data (or is down) does not make the worker run again a job
/// that already succeeded. No answer in time means the worker runs the job: doing it twice is better than not at all.
/// </summary>
public sealed class ControlPlaneJobStatus(IRequestClient<GetJobStatus> client, ILogger<ControlPlaneJobStatus> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<string?> GetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.GetResponse<JobStatusReply>(new GetJobStatus(jobId), cancellationToken, Timeout);
            return reply.Message.Status;
        }
        catch (RequestException e)
        {
            logger.LogWarning("The API did not say the status of job {JobId} ({Error}); processing it", jobId, e.Message);
            return null;
        }
    }
}
