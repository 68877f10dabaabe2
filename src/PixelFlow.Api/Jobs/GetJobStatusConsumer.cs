using MassTransit;

namespace PixelFlow.Api.Jobs;

/// <summary>Answers the worker's <see cref="GetJobStatus"/> from the database, the control plane's truth.</summary>
public sealed class GetJobStatusConsumer(PixelFlowDbContext db) : IConsumer<GetJobStatus>
{
    public async Task Consume(ConsumeContext<GetJobStatus> context)
    {
        var jobId = context.Message.JobId;
        var status = await db.Jobs.AsNoTracking().Where(job => job.Id == jobId).Select(job => (JobStatus?)job.Status)
            .SingleOrDefaultAsync(context.CancellationToken);
        await context.RespondAsync(new JobStatusReply(jobId, status?.ToWire()));
    }
}
