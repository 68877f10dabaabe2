using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

[Collection(IsolatedCollection.Name)]
public sealed class NoLostJobsTests(ServersFixture servers)
{
    [Fact]
    public async Task JobsStartedWhileTheBrokerIsDownAreAllProcessedExactlyOnceWhenItReturns()
    {
        var project = await servers.CreateProjectAsync();
        var jobIds = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var created = await project.Client.CreateJobAsync();
            await servers.Storage.UploadAsync(created, TestImages.Photo);
            jobIds.Add(created["job_id"]!.GetValue<string>());
        }

        await servers.Servers.StopAsync("rabbitmq");
        try
        {
            foreach (var jobId in jobIds)
            {
                var start = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);
                start.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            foreach (var jobId in jobIds)
            {
                (await project.Client.GetJobAsync(jobId))["status"]!.GetValue<string>().ShouldBe("queued");
            }

            (await PendingOutboxRowsAsync(jobIds)).ShouldBe(20);
        }
        finally
        {
            await servers.Servers.StartAsync("rabbitmq");
        }

        foreach (var jobId in jobIds)
        {
            (await project.Client.WaitFinishedAsync(jobId, timeoutSeconds: 120))["status"]!.GetValue<string>().ShouldBe("succeeded");
        }

        (await PendingOutboxRowsAsync(jobIds)).ShouldBe(0);
        var decodes = servers.Activities.Finished
            .Where(activity => activity.OperationName == "decode source")
            .DistinctBy(activity => activity.SpanId)
            .Select(activity => activity.GetTagItem("pixelflow.job.id")?.ToString())
            .Where(jobId => jobId is not null && jobIds.Contains(jobId))
            .GroupBy(jobId => jobId)
            .ToDictionary(group => group.Key!, group => group.Count());
        decodes.Count.ShouldBe(20);
        decodes.Values.ShouldAllBe(count => count == 1);
    }

    private async Task<int> PendingOutboxRowsAsync(List<string> jobIds)
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var payloads = await db.OutboxMessages.AsNoTracking().Select(message => message.Payload).ToListAsync();
        return payloads.Count(payload => jobIds.Any(payload.Contains));
    }
}
