using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.Telemetry;
using PixelFlow.Contracts.V1;
using PixelFlow.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Cleanup;

/// <summary>
/// The cleanup scheduler against the real servers: runs requested through the operator endpoint, carried out by
/// Quartz on the clustered Postgres store, recorded and shown at <c>/v1/admin/cleanup-runs</c>.
/// </summary>
[Collection(WholeHostCollection.Name)]
public sealed class CleanupTests(ServersFixture servers)
{
    [Fact]
    public async Task AnOrphanObjectIsSweptAndAReferencedOneIsNotAndTheDryRunBeforeDeletesNothing()
    {
        var project = await servers.CreateProjectAsync();
        var job = Guid.Parse((await project.Client.CreateJobAsync())["job_id"]!.GetValue<string>());
        // A bucket of its own, so the sweep sees only this test's objects; a clock two days ahead makes them older
        // than Cleanup:OrphanMinAge (1 day).
        var bucket = $"cleanup-{Guid.NewGuid():N}";
        await using var instance = new CleanupInstance(servers, new Dictionary<string, string?> { ["Storage:Bucket"] = bucket },
            services => services.AddSingleton<TimeProvider>(new ShiftedClock(TimeSpan.FromDays(2))));
        var storage = instance.Services.GetRequiredService<ObjectStorage>();
        await storage.EnsureBucketAsync(CancellationToken.None);
        var referenced = new[] { StorageKeys.Source(project.ProjectId, job), StorageKeys.Asset(project.ProjectId, "brand/logo.png") };
        var orphans = new[]
        {
            StorageKeys.Source(project.ProjectId, Guid.NewGuid()), // a job whose row never committed
            $"{StorageKeys.OutputPrefix(project.ProjectId, Guid.NewGuid())}thumb.webp",
            StorageKeys.Asset(Guid.NewGuid(), "logo.png"), // a project that no longer exists
            "leftovers/unknown.bin", // no feature's layout
        };
        var sizes = new Dictionary<string, int>();
        foreach (var (key, index) in referenced.Concat(orphans).Select((key, index) => (key, index)))
        {
            sizes[key] = 100 + index;
            await storage.PutAsync(key, new MemoryStream(new byte[sizes[key]]), "application/octet-stream", CancellationToken.None);
        }

        var orphanBytes = orphans.Sum(key => sizes[key]);
        using var bytesFreed = instance.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.cleanup.bytes_freed");

        var dry = await instance.RunAsync(OrphanSweep.TaskName, dryRun: true);

        (dry["dry_run"]!.GetValue<bool>(), dry["objects"]!.GetValue<long>(), dry["bytes_freed"]!.GetValue<long>())
            .ShouldBe((true, orphans.Length, orphanBytes));
        (await KeysAsync(storage)).ShouldBe(referenced.Concat(orphans).Order(), ignoreOrder: true);
        bytesFreed.Sum().ShouldBe(0);

        var swept = await instance.RunAsync(OrphanSweep.TaskName);

        (swept["dry_run"]!.GetValue<bool>(), swept["objects"]!.GetValue<long>(), swept["bytes_freed"]!.GetValue<long>())
            .ShouldBe((false, orphans.Length, orphanBytes));
        (await KeysAsync(storage)).ShouldBe(referenced, ignoreOrder: true);
        bytesFreed.Sum("cleanup.task", OrphanSweep.TaskName).ShouldBe(orphanBytes);
        var listed = JsonNode.Parse(await instance.Operator.GetStringAsync($"/v1/admin/cleanup-runs?task={OrphanSweep.TaskName}&limit=10"))!["data"]!
            .AsArray().Select(run => run!["run_id"]!.GetValue<string>()).ToList();
        listed.ShouldContain(dry["run_id"]!.GetValue<string>());
        listed.IndexOf(swept["run_id"]!.GetValue<string>()).ShouldBeLessThan(listed.IndexOf(dry["run_id"]!.GetValue<string>()), "newest first");
    }

    [Fact]
    public async Task AJobThatNeverReceivedItsSourceExpiresThroughTheJobPipelineAndADryRunOnlyCountsIt()
    {
        var project = await servers.CreateProjectAsync();
        var abandoned = Guid.Parse((await project.Client.CreateJobAsync())["job_id"]!.GetValue<string>());
        var recent = Guid.Parse((await project.Client.CreateJobAsync())["job_id"]!.GetValue<string>());
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            await db.Jobs.Where(job => job.Id == abandoned)
                .ExecuteUpdateAsync(set => set.SetProperty(job => job.CreatedAt, DateTimeOffset.UtcNow.AddHours(-25)));
        }

        await using var instance = new CleanupInstance(servers);

        var dry = await instance.RunAsync(UnsourcedJobExpiry.TaskName, dryRun: true);
        dry["rows"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(1);
        (await project.Client.GetJobAsync(abandoned.ToString()))["status"]!.GetValue<string>().ShouldBe("created");

        var expired = await instance.RunAsync(UnsourcedJobExpiry.TaskName);

        expired["rows"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(1);
        var job = await project.Client.GetJobAsync(abandoned.ToString());
        job["status"]!.GetValue<string>().ShouldBe("failed");
        job["error"]!["code"]!.GetValue<string>().ShouldBe(JobErrorCodes.SourceNotReceived);
        (await project.Client.GetJobAsync(recent.ToString()))["status"]!.GetValue<string>().ShouldBe("created");
        await using (var scope = servers.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
            // Settled like any failed job: its event and its usage record.
            (await db.JobEvents.CountAsync(e => e.JobId == abandoned && e.Type == JobEventTypes.Failed)).ShouldBe(1);
            (await db.UsageRecords.CountAsync(record => record.JobId == abandoned)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task TwoInstancesNeverRunTheSameTaskAtOnce()
    {
        var probe = new ProbeTask.Gate();
        await using var first = new CleanupInstance(servers, services: services => services.AddSingleton(probe).AddCleanupTask<ProbeTask>());
        // One cluster: the cluster's exclusion is what this test is about.
        await using var second = new CleanupInstance(servers, services: services => services.AddSingleton(probe).AddCleanupTask<ProbeTask>(),
            cluster: first.ClusterName);

        var firstRun = await first.RequestRunAsync(ProbeTask.TaskName);
        await Poll.UntilAsync(() => probe.Started.Count == 1, TimeSpan.FromSeconds(60), "the first run to start");
        var secondRun = await second.RequestRunAsync(ProbeTask.TaskName);
        // The second fire is in the store, held back by the cluster while the first runs.
        await Poll.UntilAsync(() => BlockedTriggersAsync(first.ClusterName, ProbeTask.TaskName), blocked => blocked == 1, TimeSpan.FromSeconds(30),
            blocked => $"{blocked} blocked triggers; started: {probe.Started.Count}");
        probe.Started.Count.ShouldBe(1);

        probe.Release.Release(2);
        var runs = new[] { await first.WaitFinishedAsync(firstRun), await second.WaitFinishedAsync(secondRun) };

        probe.MostAtOnce.ShouldBe(1);
        runs.ShouldAllBe(run => run["status"]!.GetValue<string>() == "succeeded");
        DateTimeOffset.Parse(runs[1]["started_at"]!.GetValue<string>()).ShouldBeGreaterThanOrEqualTo(DateTimeOffset.Parse(runs[0]["finished_at"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheRunsEndpointTakesTheOperatorKeyOnly()
    {
        var project = await servers.CreateProjectAsync();
        using var anonymous = servers.Api.CreateClient();

        (await project.Client.GetAsync("/v1/admin/cleanup-runs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/v1/admin/cleanup-runs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", ServersFixture.OperatorKey);
        (await anonymous.GetAsync("/v1/admin/cleanup-runs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var unknown = await anonymous.PostAsync("/v1/admin/cleanup-runs", JsonContent("""{"task":"no-such-task"}"""));
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain(OrphanSweep.TaskName);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<List<string>> KeysAsync(ObjectStorage storage)
    {
        var keys = new List<string>();
        await foreach (var (key, _, _) in storage.ListAllAsync("", CancellationToken.None))
        {
            keys.Add(key);
        }

        return keys;
    }

    private async Task<int> BlockedTriggersAsync(string cluster, string task)
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        return await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM qrtz_triggers
            WHERE sched_name = {cluster} AND job_name = {task} AND trigger_state = 'BLOCKED'
            """).SingleAsync();
    }

    /// <summary>A task that holds each run until the test releases it, and counts how many run at once.</summary>
    private sealed class ProbeTask(ProbeTask.Gate gate) : ICleanupTask
    {
        public const string TaskName = "test-probe";

        public string Name => TaskName;

        public string DefaultSchedule => "";

        public async Task RunAsync(CleanupTally run, CancellationToken cancellationToken)
        {
            var running = Interlocked.Increment(ref gate.Running);
            gate.Started.Add(running);
            lock (gate)
            {
                gate.MostAtOnce = Math.Max(gate.MostAtOnce, running);
            }

            try
            {
                await gate.Release.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref gate.Running);
            }
        }

        public sealed class Gate
        {
            public int Running;
            public int MostAtOnce;
            public ConcurrentBag<int> Started { get; } = [];
            public SemaphoreSlim Release { get; } = new(0);
        }
    }
}
