using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PixelFlow.Api.Accounts;
using PixelFlow.Api.Auth;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Worker;
using Xunit.v3;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// The API and the worker hosted in the test process, wired to the real Postgres, Redis, RabbitMQ and S3
/// servers of the AppHost's model (<see cref="LocalServices"/>), whose connection strings they read from the
/// environment exactly as Aspire hands them to the services. One per test run (an assembly fixture, see
/// AssemblyInfo.cs), shared by test classes that run in parallel: each test makes its own project, so what one test
/// writes no other reads (the collections in Collections.cs serialise the few that share more).
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    /// <summary>Every test host's Admin:OperatorKey (the bearer key of /v1/admin/*).</summary>
    public const string OperatorKey = "pfop_test-operator-key-0123456789abcdefghijk";

    public CollectingProcessor Activities { get; } = new();
    public WebApplicationFactory<Program> Api { get; private set; } = null!;
    public WebApplicationFactory<WorkerProgram> Worker { get; private set; } = null!;

    /// <summary>Plain client for presigned storage URLs (real HTTP, not the in-memory test server).</summary>
    public HttpClient Storage { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public LocalServices Servers { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Servers = await LocalServices.GetAsync();
        Api = new ServiceFactory<Program>(Activities, new Dictionary<string, string?>());
        Worker = new ServiceFactory<WorkerProgram>(Activities, new Dictionary<string, string?>());
        // Start both hosts (and their buses) before any test sends work.
        Api.CreateClient().Dispose();
        Worker.CreateClient().Dispose();
        await WaitHealthyAsync(Api);
        await WaitHealthyAsync(Worker);
    }

    /// <summary>A new project with its own API key, and a client authenticated with it.</summary>
    public async Task<TestProject> CreateProjectAsync(string name = "test")
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var (project, key) = await ApiKeys.CreateProjectAsync(db, name, DateTimeOffset.UtcNow, CancellationToken.None);
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new TestProject(project.Id, key, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
        Storage.Dispose();
        await Servers.DisposeAsync();
    }

    /// <summary>Waits until the host answers <c>/health</c> with a success (every dependency reachable).</summary>
    public static async Task WaitHealthyAsync<T>(WebApplicationFactory<T> factory) where T : class
    {
        using var client = factory.CreateClient();
        await Poll.UntilAsync(async () =>
            {
                using var response = await client.GetAsync("/health");
                return (response.IsSuccessStatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            health => health.IsSuccessStatusCode, TimeSpan.FromSeconds(60), health => $"{typeof(T).Name} not healthy: {health.Body}");
    }

    /// <summary>Hosts a service with the test's activity collector added to its OpenTelemetry pipeline.</summary>
    /// <param name="services">Services the test adds or replaces (e.g. a hook only tests register).</param>
    public sealed class ServiceFactory<TEntryPoint>(CollectingProcessor activities, IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null)
        : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
    {
        /// <summary>
        /// Test hosts live for seconds: each waits for its bus to be connected before it counts as started, so a host
        /// disposed right after a request never leaves a bus starting behind it (one that would go on consuming with a
        /// disposed service provider and fault the messages it takes).
        /// </summary>
        /// <remarks>
        /// The recovery sweep runs when a test calls it (RecoverySweepTests), never on a timer in a test host: it would
        /// settle another test's deliberately stranded jobs before that test's own sweep.
        /// </remarks>
        private static readonly Dictionary<string, string?> TestHostSettings = new()
        {
            ["MassTransit:WaitUntilStarted"] = "true",
            ["MassTransit:StartTimeout"] = "00:00:30",
            ["MassTransit:StopTimeout"] = "00:00:30",
            ["Recovery:Enabled"] = "false",
            ["Auth:SigningKey"] = TestIssuers.LocalSigningKeyPem,
            ["Auth:Authority"] = TestIssuers.ExternalAuthority,
            ["Auth:Audience"] = TestIssuers.ExternalAudience,
            // The in-memory test server has no client address: every test would share one per-IP login bucket.
            ["Auth:LoginAttemptsPerIp"] = "10000",
            // The same for cleanup: only the instances of CleanupTests run its tasks (see CleanupInstance).
            ["Cleanup:Enabled"] = "false",
            ["Admin:OperatorKey"] = OperatorKey,
        };

        /// <summary>
        /// The settings reach the service as its command-line arguments would, so they are in place while it registers
        /// its clients: Aspire's integrations read their connection strings then, before the host is built (app
        /// configuration added in <see cref="ConfigureWebHost"/> arrives only at build).
        /// </summary>
        protected override IHost CreateHost(IHostBuilder builder)
        {
            RequireWholeHostCollectionForAnExtraApi();
            builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(TestHostSettings)
                .AddInMemoryCollection(BillingTestSettings.Settings).AddInMemoryCollection(settings));
            return base.CreateHost(builder);
        }

        /// <summary>
        /// Every API host runs a webhook dispatcher over the shared table, and one with the default policy fails a
        /// delivery to WebhookDeliveryTests' loopback receiver: a test that starts an API besides the shared one
        /// (started outside any test) must be in <see cref="WholeHostCollection"/>, which runs one at a time.
        /// </summary>
        private static void RequireWholeHostCollectionForAnExtraApi()
        {
            if (typeof(TEntryPoint) == typeof(Program) &&
                TestContext.Current.TestCollection is IXunitTestCollection { CollectionDefinition: var definition } &&
                definition != typeof(WholeHostCollection))
            {
                throw new InvalidOperationException(
                    $"A test outside [Collection(WholeHostCollection.Name)] started an extra API instance ({TestContext.Current.TestClass?.TestClassName}).");
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureTestServices(collection =>
            {
                collection.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(activities));
                // The external issuer's discovery document, as the API would fetch it from Auth:Authority.
                collection.Configure<JwtBearerOptions>(BearerSchemes.External, jwt => jwt.Configuration = TestIssuers.ExternalConfiguration());
                services?.Invoke(collection);
            });
    }
}

/// <summary>Keeps every finished activity that reaches the services' trace pipeline.</summary>
public sealed class CollectingProcessor : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _finished = new();

    public IReadOnlyList<Activity> Finished => [.. _finished];

    public override void OnEnd(Activity activity) => _finished.Enqueue(activity);

    /// <summary>How many times the worker decoded the source of each of these jobs (jobs never decoded are absent).</summary>
    public Dictionary<string, int> DecodesPerJob(IReadOnlyCollection<string> jobIds) =>
        Finished.Where(activity => activity.OperationName == "decode source")
            .DistinctBy(activity => activity.SpanId)
            .Select(activity => activity.GetTagItem("pixelflow.job.id")?.ToString())
            .Where(jobId => jobId is not null && jobIds.Contains(jobId))
            .GroupBy(jobId => jobId)
            .ToDictionary(group => group.Key!, group => group.Count());

    /// <summary>
    /// Waits until a service consumed each message (by MassTransit message id): its receive span ends only once every
    /// consumer of the message is done with it, retries included.
    /// </summary>
    public Task WaitConsumedAsync(params Guid[] messageIds)
    {
        var expected = messageIds.Select(id => id.ToString()).ToHashSet();
        return Poll.UntilAsync(
            () => expected.Except(Finished.Where(activity => activity.Kind == ActivityKind.Consumer).Select(MessageId).OfType<string>()).ToList(),
            pending => pending.Count == 0, TimeSpan.FromSeconds(30), pending => $"not consumed: {string.Join(", ", pending)}");

        static string? MessageId(Activity activity) =>
            (activity.GetTagItem("messaging.message.id") ?? activity.GetTagItem("messaging.masstransit.message_id"))?.ToString();
    }
}
