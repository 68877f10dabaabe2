using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.AppHost.Tests;

/// <summary>
/// Faults an operator meets, injected into the running system (the AppHost's real servers, loopback only) while a
/// batch of jobs runs. After each, every accepted job has succeeded, exactly once: one object per job and output id
/// in storage, one terminal event, one usage record, one webhook delivery. Batches are small (small photos, two
/// outputs) to keep the whole suite within minutes.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class FaultInjectionTests(AppHostFixture system) : IAsyncLifetime
{
    private const int BatchSize = 6;
    private const string Pipeline = """[{"id":"small","action":"resize","width":320,"format":"webp"},{"id":"thumb","action":"resize","width":120,"format":"avif"}]""";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    private readonly WebhookReceiver _receiver = new();

    [Fact]
    public async Task EveryJobSucceedsOnceWhenTheWorkerIsKilledTwiceMidBatch()
    {
        var jobIds = await SubmitBatchAsync();

        for (var kill = 0; kill < 2; kill++)
        {
            var worker = (await system.ReplicasAsync("worker", 1)).Single();
            Process.GetProcessById(worker.ProcessId).Kill(); // SIGKILL: no graceful stop, in-flight jobs unacknowledged
            await system.Host.App.ResourceNotifications.WaitForResourceAsync("worker", KnownResourceStates.TerminalStates).WaitAsync(TimeSpan.FromMinutes(1));
            await system.Host.ExecuteCommandAsync("worker", KnownResourceCommands.StartCommand, thenHealthy: true);
        }

        await VerifyAsync(jobIds);
    }

    [Fact]
    public async Task EveryJobSucceedsOnceWhenTheBrokerIsKilledAndRestarted()
    {
        var jobIds = await SubmitBatchAsync();

        await KillTreeAsync("rabbitmq", "KILL");
        await system.Host.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StartCommand, thenHealthy: true);

        await VerifyAsync(jobIds);
    }

    [Fact]
    public async Task EveryJobSucceedsOnceWhenPostgresRestartsWithAnImmediateShutdown()
    {
        var jobIds = await SubmitBatchAsync();

        // SIGQUIT to the postmaster is `pg_ctl stop -m immediate`: no checkpoint, every connection cut.
        await KillTreeAsync("postgres", "QUIT", rootOnly: true);
        await system.Host.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand, thenHealthy: true);

        await VerifyAsync(jobIds);
    }

    [Theory]
    [InlineData("storage")]
    [InlineData("redis")]
    public async Task EveryJobSucceedsOnceWhenAServerIsDownFor20Seconds(string server)
    {
        var jobIds = await SubmitBatchAsync();

        await system.Host.StopAsync(server);
        await Task.Delay(Outage); // the outage itself is what is injected
        await system.Host.ExecuteCommandAsync(server, KnownResourceCommands.StartCommand, thenHealthy: true);

        await VerifyAsync(jobIds);
    }

    /// <summary>Creates the batch (multipart: stored, created and queued in one request) and waits until the worker
    /// is on it, so the fault lands mid-batch.</summary>
    private async Task<List<string>> SubmitBatchAsync()
    {
        var jobIds = new List<string>();
        for (var i = 0; i < BatchSize; i++)
        {
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(TestImages.Photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "photo.jpg" },
                { new StringContent(Pipeline), "pipeline" },
                { new StringContent(_receiver.Url), "webhook_url" },
            };
            using var response = await system.Project.Client.PostAsync("/v1/jobs", form);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
            jobIds.Add(JsonNode.Parse(body)!["job_id"]!.GetValue<string>());
        }

        await Poll.UntilAsync(() => system.Project.Client.GetJobAsync(jobIds[0]), job => job["status"]!.GetValue<string>() != "queued",
            TimeSpan.FromMinutes(2), _ => "the worker never took the batch's first job", TimeSpan.FromMilliseconds(50));

        var unfinished = 0;
        foreach (var jobId in jobIds)
        {
            unfinished += (await system.Project.Client.GetJobAsync(jobId))["status"]!.GetValue<string>() is "queued" or "processing" ? 1 : 0;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"fault injected with {unfinished} of {jobIds.Count} jobs unfinished");
        return jobIds;
    }

    private async Task VerifyAsync(List<string> jobIds)
    {
        foreach (var jobId in jobIds)
        {
            var job = await WaitFinishedThroughOutagesAsync(jobId);
            job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        }

        await using var db = new NpgsqlConnection(await system.Host.App.GetConnectionStringAsync("pixelflowdb"));
        await db.OpenAsync();
        foreach (var jobId in jobIds.Select(Guid.Parse))
        {
            (await CountAsync(db, "SELECT count(*) FROM job_events WHERE job_id = $1 AND type IN ('job.succeeded', 'job.failed', 'job.canceled')", jobId))
                .ShouldBe(1, $"terminal events of job {jobId}");
            (await CountAsync(db, "SELECT count(*) FROM usage_records WHERE job_id = $1", jobId)).ShouldBe(1, $"usage records of job {jobId}");
            (await CountAsync(db, "SELECT count(*) FROM webhook_deliveries WHERE job_id = $1 AND event_type = 'job.succeeded'", jobId))
                .ShouldBe(1, $"terminal webhook deliveries of job {jobId}");
            // Keys are fixed per job and output, so a re-run after a kill overwrites: the source plus one object per output.
            StoredObjects(jobId).ShouldBe(["outputs/small.webp", "outputs/thumb.avif", "source"], $"objects of job {jobId}");
        }

        // Webhooks are sent after commit by a dispatcher: each terminal delivery reaches the receiver (once per id).
        await _receiver.WaitForAsync(jobIds.Count, TimeSpan.FromSeconds(60));
        foreach (var jobId in jobIds)
        {
            _receiver.TerminalDeliveries(jobId).ShouldBe(1, $"succeeded webhooks received for job {jobId}");
        }
    }

    /// <summary>Polls a job until it finishes; an answer refused while a server restarts (503) is asked again.</summary>
    private async Task<JsonObject> WaitFinishedThroughOutagesAsync(string jobId)
    {
        var answer = await Poll.UntilAsync(async () =>
            {
                using var response = await system.Project.Client.GetAsync($"/v1/jobs/{jobId}");
                return (response.StatusCode, Job: response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null);
            },
            answer => answer.Job?["status"]!.GetValue<string>() is "succeeded" or "failed" or "canceled", TimeSpan.FromMinutes(3),
            answer => $"job {jobId} unfinished ({answer.StatusCode} {answer.Job?["status"]})", TimeSpan.FromMilliseconds(200));
        return answer.Job!;
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql, Guid jobId)
    {
        await using var command = new NpgsqlCommand(sql, db) { Parameters = { new() { Value = jobId } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The job's objects as s3rver stores them (one <c>._S3rver_object</c> file per object), relative to its folder.</summary>
    private List<string> StoredObjects(Guid jobId)
    {
        const string suffix = "._S3rver_object";
        var marker = $"/jobs/{jobId:N}/";
        return [.. Directory.EnumerateFiles(system.Host.DataDirectory, "*" + suffix, SearchOption.AllDirectories)
            .Where(path => path.Contains(marker, StringComparison.Ordinal))
            .Select(path => path[(path.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..^suffix.Length])
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Signals a server resource's process (and, unless <paramref name="rootOnly"/>, everything it started: RabbitMQ's
    /// Erlang VM runs under a shell script), then waits until the app model sees it gone.
    /// </summary>
    private async Task KillTreeAsync(string resource, string signal, bool rootOnly = false)
    {
        var root = await ProcessIdAsync(resource);
        foreach (var pid in rootOnly ? [root] : Descendants(root).Prepend(root).ToList())
        {
            // A child may already have gone with its parent: kill's complaint about it is not worth showing.
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardError = true,
            })!;
            await kill.WaitForExitAsync();
        }

        await system.Host.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates).WaitAsync(TimeSpan.FromMinutes(1));
    }

    private async Task<int> ProcessIdAsync(string resource)
    {
        var running = await system.Host.App.ResourceNotifications.WaitForResourceAsync(resource,
            update => update.Snapshot.State?.Text == KnownResourceStates.Running &&
                      update.Snapshot.Properties.Any(p => p.Name == "executable.pid")).WaitAsync(TimeSpan.FromMinutes(1));
        return Convert.ToInt32(running.Snapshot.Properties.First(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        var children = Directory.EnumerateDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.Exists($"{task}/children") ? File.ReadAllText($"{task}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
            .Select(int.Parse).ToList();
        return children.Concat(children.SelectMany(Descendants));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    /// <summary>A loopback webhook endpoint that answers 204 and remembers what it got (by webhook-id, so a retry counts once).</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, JsonObject> _received = [];
        private readonly Task _loop;

        public WebhookReceiver()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hooks/";
            }

            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(ReceiveAsync);
        }

        public string Url { get; }

        public int TerminalDeliveries(string jobId)
        {
            lock (_received)
            {
                return _received.Values.Count(body => body["type"]?.GetValue<string>() == "job.succeeded" &&
                                                      body["data"]?["job_id"]?.GetValue<string>() == jobId);
            }
        }

        public Task WaitForAsync(int count, TimeSpan timeout) =>
            Poll.UntilAsync(() =>
            {
                lock (_received)
                {
                    return _received.Count;
                }
            }, received => received >= count, timeout, received => $"{received} of {count} webhooks received");

        private async Task ReceiveAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
                    lock (_received)
                    {
                        _received[context.Request.Headers["webhook-id"] ?? Guid.NewGuid().ToString()] = body;
                    }
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }
}
