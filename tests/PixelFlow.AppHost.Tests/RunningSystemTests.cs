using System.Net;
using System.Net.Http.Headers;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.AppHost.Tests;

/// <summary>What a user and an operator of <c>./pixelflow up</c> see, against the processes the AppHost runs.</summary>
[Collection(AppHostCollection.Name)]
public sealed class RunningSystemTests(AppHostFixture system)
{
    [Fact]
    public async Task TheReadmeFlowTurnsAnUploadedPhotoInto150PixelWebp()
    {
        var created = await system.Project.Client.CreateJobAsync();
        var jobId = created["job_id"]!.GetValue<string>();
        await system.Storage.UploadAsync(created, TestImages.Photo);
        (await system.Project.Client.PostAsync($"/v1/jobs/{jobId}/start", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var job = await system.Project.Client.WaitFinishedAsync(jobId, timeoutSeconds: 120);

        job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        var output = await system.Storage.GetByteArrayAsync(job["outputs"]![0]!["url"]!.GetValue<string>());
        var decoded = TestImages.Inspect(output);
        (decoded.Format, decoded.Width, decoded.Height).ShouldBe(("webp", 150, 100));
    }

    [Fact]
    public async Task AMultipartUploadIsStoredAndProcessedInOneRequest()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.Photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "photo.jpg" },
            { new StringContent("300"), "width" },
            { new StringContent("webp"), "format" },
        };
        var response = await system.Project.Client.PostAsync("/v1/jobs", form);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);

        var job = await system.Project.Client.WaitFinishedAsync(System.Text.Json.Nodes.JsonNode.Parse(body)!["job_id"]!.GetValue<string>(), timeoutSeconds: 120);

        job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        TestImages.Inspect(await system.Storage.GetByteArrayAsync(job["outputs"]![0]!["url"]!.GetValue<string>())).Width.ShouldBe(300);
    }

    [Fact]
    public async Task AProjectStreamOnOneApiReplicaSeesAJobRunThroughTheOther()
    {
        var replicas = await system.ReplicasAsync("api", 2);
        using var watcher = AppHostFixture.Authenticated(new HttpClient { BaseAddress = replicas[0].Url }, system.Project.ApiKey);
        using var runner = AppHostFixture.Authenticated(new HttpClient { BaseAddress = replicas[1].Url }, system.Project.ApiKey);
        await using var stream = await SseStream.OpenAsync(watcher, "/v1/events");
        stream.Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var created = await runner.CreateJobAsync();
        var jobId = created["job_id"]!.GetValue<string>();
        await system.Storage.UploadAsync(created, TestImages.Photo);
        (await runner.PostAsync($"/v1/jobs/{jobId}/start", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var seen = new List<string>();
        while (!seen.Contains("job.succeeded"))
        {
            var frame = await stream.ReadFrameAsync(TimeSpan.FromSeconds(90));
            frame.ShouldNotBeNull("the stream closed before the job finished");
            if (frame.IsEvent && frame.Json["job_id"]?.GetValue<string>() == jobId)
            {
                seen.Add(frame.Event!);
            }
        }

        seen.ShouldBe(["job.queued", "job.processing", "job.output_completed", "job.succeeded"]);
    }

    [Fact]
    public async Task A50MegabyteUploadGrowsTheApiByLessThan20Megabytes()
    {
        var replica = (await system.ReplicasAsync("api", 2))[0];
        using var client = AppHostFixture.Authenticated(new HttpClient { BaseAddress = replica.Url }, system.Project.ApiKey);
        var big = new byte[50_000_000];
        Random.Shared.NextBytes(big);
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF; big[3] = 0xE0; // sniffed as JPEG; it fails later, in the worker

        // Warm the upload path (JIT, the storage client, pooled buffers) first, so what is measured is the file's size.
        (await UploadAsync(client, big[..(6 * 1024 * 1024)])).ShouldBe(HttpStatusCode.Accepted);
        await File.WriteAllTextAsync($"/proc/{replica.ProcessId}/clear_refs", "5"); // resets the peak (VmHWM)
        var before = StatusKilobytes(replica.ProcessId, "VmRSS");
        (await UploadAsync(client, big)).ShouldBe(HttpStatusCode.Accepted);
        var peak = StatusKilobytes(replica.ProcessId, "VmHWM");

        var growthMegabytes = (peak - before) / 1024.0;
        TestContext.Current.SendDiagnosticMessage($"API RSS {before / 1024} MB before a 50 MB upload, peak {peak / 1024} MB (+{growthMegabytes:0.0} MB)");
        growthMegabytes.ShouldBeLessThan(20);
    }

    [Fact]
    public async Task TheWorkerReportsLibvipsAndHugePagesOnItsHealthEndpoint()
    {
        using var worker = system.Host.App.CreateHttpClient("worker");

        var health = await worker.GetStringAsync("/health");

        health.ShouldContain("libvips 8.");
        health.ShouldContain("huge pages for large buffers on");
    }

    [Fact]
    public async Task EveryJobSucceedsWhenTheWorkerIsStoppedAndStartedMidBatch()
    {
        var jobIds = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var created = await system.Project.Client.CreateJobAsync();
            await system.Storage.UploadAsync(created, TestImages.Photo);
            jobIds.Add(created["job_id"]!.GetValue<string>());
        }

        foreach (var jobId in jobIds)
        {
            (await system.Project.Client.PostAsync($"/v1/jobs/{jobId}/start", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        // mid-batch: once the worker has finished at least one, while others are queued or running
        await system.Project.Client.WaitFinishedAsync(jobIds[0], timeoutSeconds: 120);
        await system.Host.StopAsync("worker");
        await system.Host.ExecuteCommandAsync("worker", KnownResourceCommands.StartCommand, thenHealthy: true);

        foreach (var jobId in jobIds)
        {
            var job = await system.Project.Client.WaitFinishedAsync(jobId, timeoutSeconds: 180);
            job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        }
    }

    /// <summary>The README's Cleanup curl: the operator-key parameter opens /v1/admin/cleanup-runs, and a dry run requested
    /// there is carried out by one of the two API replicas (the clustered scheduler) and recorded.</summary>
    [Fact]
    public async Task AnOperatorDryRunOfTheOrphanSweepIsCarriedOutByTheClusterAndRecorded()
    {
        var operatorKey = await system.Host.Builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "operator-key").GetValueAsync(default);
        using var admin = AppHostFixture.Authenticated(system.Host.App.CreateHttpClient("api"), operatorKey!);
        (await system.Project.Client.GetAsync("/v1/admin/cleanup-runs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var requested = await admin.PostAsync("/v1/admin/cleanup-runs",
            new StringContent("""{"task":"orphan-sweep","dry_run":true}""", System.Text.Encoding.UTF8, "application/json"));
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());

        var run = await Poll.UntilAsync(async () => System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync(requested.Headers.Location))!,
            found => found["finished_at"] is not null, TimeSpan.FromSeconds(60), found => found.ToJsonString());
        (run["status"]!.GetValue<string>(), run["dry_run"]!.GetValue<bool>()).ShouldBe(("succeeded", true), run.ToJsonString());
        run["instance"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    private static async Task<HttpStatusCode> UploadAsync(HttpClient client, byte[] file)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "big.jpg" },
            { new StringContent("100"), "width" },
        };
        using var response = await client.PostAsync("/v1/jobs", form);
        return response.StatusCode;
    }

    private static long StatusKilobytes(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
