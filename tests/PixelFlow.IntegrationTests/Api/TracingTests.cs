using System.Diagnostics;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Api;

[Collection(WholeHostCollection.Name)]
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
        // The command's send (from the outbox), its receive in the worker as the send's child across the broker, and
        // the worker's S3 calls: all in the trace of the request that started the job.
        var send = await WaitForAsync(activity => activity.TraceId == trace && activity.Source.Name == "MassTransit" &&
                                                  activity.Kind == ActivityKind.Producer && activity.DisplayName.Contains("process-job"));
        var receive = await WaitForAsync(activity => activity.TraceId == trace && activity.Source.Name == "MassTransit" &&
                                                     activity.Kind == ActivityKind.Consumer && activity.ParentSpanId == send.SpanId);
        receive.DisplayName.ShouldContain("process-job");
        await WaitForAsync(activity => activity.TraceId == trace && activity.Source.Name == "PixelFlow.Worker" &&
                                       activity.OperationName == "decode source");
        await WaitForAsync(activity => activity.TraceId == trace && activity.Source.Name == "System.Net.Http" &&
                                       activity.DisplayName.StartsWith("PUT", StringComparison.Ordinal) &&
                                       activity.GetTagItem("url.full") is string url && url.Contains("/outputs/", StringComparison.Ordinal));
    }

    private async Task<Activity> WaitForAsync(Func<Activity, bool> match) =>
        (await Poll.UntilAsync(() => servers.Activities.Finished.FirstOrDefault(match), found => found is not null, TimeSpan.FromSeconds(10),
            _ => "no matching activity. Recent:\n" + string.Join("\n", servers.Activities.Finished.TakeLast(30)
                .Select(a => $"{a.Source.Name} {a.Kind} {a.DisplayName} {a.TraceId} {a.ParentSpanId} {string.Join(",", a.Tags.Select(t => t.Key + "=" + t.Value))}"))))!;
}
