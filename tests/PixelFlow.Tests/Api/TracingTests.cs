using System.Diagnostics;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

[Collection(ServersCollection.Name)]
public sealed class TracingTests(ServersFixture servers)
{
    [Fact]
    public async Task OneTraceSpansTheStartRequestThePublishTheConsumeAndTheWorkersStorageCalls()
    {
        var project = await servers.CreateProjectAsync();
        var created = await project.Client.CreateJobAsync();
        var jobId = created["job_id"]!.GetValue<string>();
        await servers.Storage.UploadAsync(created, TestImages.Photo);

        await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);
        (await project.Client.WaitFinishedAsync(jobId))["status"]!.GetValue<string>().ShouldBe("succeeded");

        var startRequest = await WaitForAsync(activity => activity.Source.Name == "Microsoft.AspNetCore" &&
                                                          activity.GetTagItem("url.path") as string == $"/v1/jobs/{jobId}/start");
        startRequest.DisplayName.ShouldBe("POST /v1/jobs/{jobId:guid}/start");
        var trace = startRequest.TraceId;
        var send = await WaitForAsync(activity => activity.TraceId == trace && activity.Source.Name == "MassTransit" && activity.Kind == ActivityKind.Producer);
        var consume = await WaitForAsync(activity => activity.TraceId == trace && activity.Source.Name == "MassTransit" &&
                                                     activity.Kind == ActivityKind.Consumer && activity.DisplayName.Contains("process-job"));
        var storagePut = await WaitForAsync(activity => activity.TraceId == trace && activity.Source.Name == "System.Net.Http" &&
                                                        activity.DisplayName.StartsWith("PUT", StringComparison.Ordinal));
        send.StartTimeUtc.ShouldBeLessThan(consume.StartTimeUtc);
        consume.StartTimeUtc.ShouldBeLessThan(storagePut.StartTimeUtc);
    }

    private async Task<Activity> WaitForAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = servers.Activities.Finished.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("\n", servers.Activities.Finished.TakeLast(30)
                    .Select(a => $"{a.Source.Name} {a.Kind} {a.DisplayName} {a.TraceId} {a.ParentSpanId} {string.Join(",", a.Tags.Select(t => t.Key + "=" + t.Value))}"));
                throw new ShouldAssertException($"No matching activity. Recent:\n{seen}");
            }

            await Task.Delay(100);
        }
    }
}
