using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Files;
using PixelFlow.Api.Projects;
using PixelFlow.Tests.Infrastructure;
using Quartz;
using Shouldly;

namespace PixelFlow.Tests.Cleanup;

/// <summary>
/// An API instance that runs cleanup tasks (test hosts do not: Cleanup:Enabled is false in ServersFixture), with no
/// schedules, so a task runs only when a test asks through <c>POST /v1/admin/cleanup-runs</c>; and a client that
/// sends the operator key.
/// </summary>
public sealed class CleanupInstance : IAsyncDisposable
{
    /// <summary>Every cleanup task of the API (a test of the whole list: CleanupTests).</summary>
    public static readonly string[] TaskNames =
    [
        OrphanSweep.TaskName, UnsourcedJobExpiry.TaskName, UnsourcedUploadExpiry.TaskName, DeletedFilePurge.TaskName, DeletedProjectPurge.TaskName,
    ];

    private readonly ApiInstance _instance;

    /// <param name="cluster">
    /// The cluster to join; by default one of its own. Every node of a cluster may take any of its fires and runs it with
    /// its own services (bucket, clock, tasks), so test instances share one only when a test is about the sharing.
    /// </param>
    public CleanupInstance(ServersFixture servers, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        string? cluster = null)
    {
        ClusterName = cluster ?? $"test-{Guid.NewGuid():N}";
        var all = new Dictionary<string, string?>
        {
            ["Cleanup:Enabled"] = "true",
            ["Cleanup:ClusterName"] = ClusterName,
        };
        // No cron triggers in the shared job store: a schedule due meanwhile would run a task between a test's own runs.
        foreach (var task in TaskNames)
        {
            all[$"Cleanup:Schedules:{task}"] = "";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _instance = new ApiInstance(servers, extraSettings: all, services: services);
        Operator = _instance.CreateClient(ServersFixture.OperatorKey);
    }

    public IServiceProvider Services => _instance.Services;

    /// <summary>Its cluster: the scheduler name of its rows in the job store.</summary>
    public string ClusterName { get; }

    public HttpClient Operator { get; }

    /// <summary>POSTs a run request; returns the run's id.</summary>
    public async Task<string> RequestRunAsync(string task, bool? dryRun = null)
    {
        var response = await Operator.PostAsJsonAsync("/v1/admin/cleanup-runs", new Dictionary<string, object?> { ["task"] = task, ["dry_run"] = dryRun });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var run = JsonNode.Parse(body)!.AsObject();
        run["status"]!.GetValue<string>().ShouldBe("pending");
        response.Headers.Location!.ToString().ShouldBe($"/v1/admin/cleanup-runs/{run["run_id"]}");
        return run["run_id"]!.GetValue<string>();
    }

    /// <summary>Polls the run until it has finished; returns it as the endpoint shows it.</summary>
    public Task<JsonObject> WaitFinishedAsync(string runId, int timeoutSeconds = 60) =>
        Poll.UntilAsync(async () => JsonNode.Parse(await Operator.GetStringAsync($"/v1/admin/cleanup-runs/{runId}"))!.AsObject(),
            run => run["finished_at"] is not null, TimeSpan.FromSeconds(timeoutSeconds), run => $"run not finished: {run.ToJsonString()}");

    /// <summary>
    /// Requests a run and waits for it; asserts it succeeded and that this instance, the only node of its cluster, ran it.
    /// </summary>
    public async Task<JsonObject> RunAsync(string task, bool? dryRun = null)
    {
        var run = await WaitFinishedAsync(await RequestRunAsync(task, dryRun));
        run["status"]!.GetValue<string>().ShouldBe("succeeded", run.ToJsonString());
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        run["instance"]!.GetValue<string>().ShouldBe(scheduler.SchedulerInstanceId, run.ToJsonString());
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        await _instance.DisposeAsync();
    }
}

/// <summary>The real clock moved by an offset: objects and rows look that much older, and timers still run in real time.</summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
