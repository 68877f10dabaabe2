using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.Outbox;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

public sealed class RedeliveryTests(ServersFixture servers)
{
    [Fact]
    public async Task ARedeliveredCommandForASucceededJobIsNotRunAgainAndLateEventsChangeNothing()
    {
        var project = await servers.CreateProjectAsync();
        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo);
        var jobId = Guid.Parse(job["job_id"]!.GetValue<string>());
        var before = await project.Client.GetJobAsync(jobId.ToString());

        await using var scope = servers.Api.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
        var sendEndpoint = await scope.ServiceProvider.GetRequiredService<ISendEndpointProvider>()
            .GetSendEndpoint(new Uri($"queue:{Wire.Queues.ProcessJob}"));
        var (redelivered, lateStart, lateFailure) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        await sendEndpoint.Send(new ProcessJob
        {
            JobId = jobId,
            ProjectId = project.ProjectId,
            SourceKey = stored.SourceKey,
            OutputPrefix = StorageKeys.OutputPrefix(project.ProjectId, jobId),
            Outputs = stored.Outputs,
            Limits = ProcessingLimits.Default,
            QueuedAt = DateTimeOffset.UtcNow,
        }, context => context.MessageId = redelivered);
        var publish = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        await publish.Publish(new JobProcessingStarted(jobId, project.ProjectId, DateTimeOffset.UtcNow),
            context => context.MessageId = lateStart);
        await publish.Publish(new JobFailed(jobId, project.ProjectId, ErrorCode: "late", ErrorMessage: "late", Source: null, Usage: null,
            FailedAt: DateTimeOffset.UtcNow), context => context.MessageId = lateFailure);
        // The worker took the command and the API took both events, and each was done with them.
        await servers.Activities.WaitConsumedAsync(redelivered, lateStart, lateFailure);

        var after = await project.Client.GetJobAsync(jobId.ToString());
        after["status"]!.GetValue<string>().ShouldBe("succeeded");
        after["error"].ShouldBeNull();
        after["completed_at"]!.GetValue<DateTimeOffset>().ShouldBe(before["completed_at"]!.GetValue<DateTimeOffset>());
        servers.Activities.Finished
            .Where(activity => activity.OperationName == "decode source" && activity.GetTagItem("pixelflow.job.id") as string == jobId.ToString())
            .DistinctBy(activity => activity.SpanId)
            .Count().ShouldBe(1);
    }
}
