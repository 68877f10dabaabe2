using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Outbox;
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

            // What makes "still queued" mean something: the dispatcher took the commands and the broker refused them.
            var pending = await Poll.UntilAsync(() => OutboxRowsAsync(jobIds), rows => rows.Any(row => row.Attempts > 0), TimeSpan.FromSeconds(60),
                rows => $"{rows.Count} outbox rows, none attempted yet");
            pending.Count.ShouldBe(20);
            foreach (var jobId in jobIds)
            {
                (await project.Client.GetJobAsync(jobId))["status"]!.GetValue<string>().ShouldBe("queued");
            }
        }
        finally
        {
            await servers.Servers.StartAsync("rabbitmq");
        }

        foreach (var jobId in jobIds)
        {
            (await project.Client.WaitFinishedAsync(jobId, timeoutSeconds: 120))["status"]!.GetValue<string>().ShouldBe("succeeded");
        }

        (await OutboxRowsAsync(jobIds)).ShouldBeEmpty();
        var decodes = servers.Activities.DecodesPerJob(jobIds);
        decodes.Count.ShouldBe(20);
        decodes.Values.ShouldAllBe(count => count == 1);
    }

    /// <summary>The outbox rows of these jobs' commands, not yet accepted by the broker.</summary>
    private async Task<List<OutboxMessage>> OutboxRowsAsync(List<string> jobIds)
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var rows = await db.OutboxMessages.AsNoTracking().ToListAsync();
        return [.. rows.Where(row => jobIds.Any(row.Payload.Contains))];
    }
}
