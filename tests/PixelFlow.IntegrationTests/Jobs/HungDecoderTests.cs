using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Contracts.V1;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Worker;
using PixelFlow.Worker.Rendering;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

/// <summary>
/// A decoder that never returns, through the whole stack. The test process runs the bundled libvips, whose worker
/// forwards HEIC sources to the HEIC queue: a second worker here takes that queue, with one slot, a 2 s deadline
/// and a decode hook that never returns.
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class HungDecoderTests(ServersFixture servers)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task JobsWhoseDecoderNeverReturnsFailAtTheirDeadlineOneAfterTheOtherInOneSlotAndTheWorkerReportsUnhealthy()
    {
        using var hang = new NeverReturningDecoder();
        await using var heicWorker = new ServersFixture.ServiceFactory<WorkerProgram>(servers.Activities, new Dictionary<string, string?>
        {
            ["Worker:Queue"] = "process-job-heif",
            ["Worker:ConcurrentJobs"] = "1",
            ["Worker:JobTimeout"] = JobTimeout.ToString(),
        }, services => services.AddSingleton<IDecodeHook>(hang));
        await ServersFixture.WaitHealthyAsync(heicWorker);
        var project = await servers.CreateProjectAsync();
        var heic = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Imaging", "sources", "scene.heic"));
        var clock = Stopwatch.StartNew();

        var jobs = await Task.WhenAll(project.RunJobAsync(servers.Storage, heic), project.RunJobAsync(servers.Storage, heic));

        foreach (var job in jobs)
        {
            job["status"]!.GetValue<string>().ShouldBe("failed");
            job["error"]!["code"]!.GetValue<string>().ShouldBe(JobErrorCodes.ProcessingTimeout);
        }

        // One slot: the second job reached the decoder only because the first one's slot was given back.
        hang.Entered.ShouldBe(2);
        clock.Elapsed.ShouldBeLessThan(2 * (JobTimeout + RenderGuard.Grace) + TimeSpan.FromSeconds(15));
        using var client = heicWorker.CreateClient();
        var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("stuck");
    }

    [Theory]
    [InlineData(2, "succeeded")] // two workers killed in a row with the job in flight: a good job lives through it
    [InlineData(3, "failed")]    // a third: the job is taken for the file that kills workers
    public async Task AJobIsRenderedAgainAfterTwoUnfinishedRendersButNotAfterThree(int unfinishedRenders, string expectedStatus)
    {
        var project = await servers.CreateProjectAsync();
        var created = await project.Client.CreateJobAsync(JobClient.ThumbSmallPipeline);
        var jobId = created["job_id"]!.GetValue<string>();
        await servers.Storage.UploadAsync(created, TestImages.Photo);
        // Workers took this job and died (or hung) mid-render: their counts were never cleared.
        var attempts = servers.Worker.Services.GetRequiredService<RenderAttempts>();
        for (var render = 0; render < unfinishedRenders; render++)
        {
            (await attempts.BeginAsync(Guid.Parse(jobId))).ShouldBeTrue();
        }

        var started = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null, TestContext.Current.CancellationToken);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var job = await project.Client.WaitFinishedAsync(jobId);

        job["status"]!.GetValue<string>().ShouldBe(expectedStatus, job.ToJsonString());
        if (expectedStatus == "failed")
        {
            job["error"]!["code"]!.GetValue<string>().ShouldBe(JobErrorCodes.SourceUnprocessable);
        }
    }

    /// <summary>Blocks every decode until disposed (the end of the test), as a decoder spinning in native code would.</summary>
    private sealed class NeverReturningDecoder : IDecodeHook, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();
        private int _entered;

        public int Entered => Volatile.Read(ref _entered);

        public void BeforeDecode(ProcessJob job)
        {
            Interlocked.Increment(ref _entered);
            _released.Wait();
        }

        public void Dispose()
        {
            _released.Set();
            _released.Dispose();
        }
    }
}
