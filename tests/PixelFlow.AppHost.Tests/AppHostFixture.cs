using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using PixelFlow.Tests.Infrastructure;

namespace PixelFlow.AppHost.Tests;

/// <summary>
/// The whole AppHost, started once for the slow tests: the four servers in local mode, the API's two replicas and
/// the worker as processes, reached over HTTP with the development project's key (the dev-api-key parameter).
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public TestAppHost Host { get; private set; } = null!;

    /// <summary>The development project, through DCP's proxy in front of both API replicas.</summary>
    public TestProject Project { get; private set; } = null!;

    /// <summary>Plain client for presigned storage URLs.</summary>
    public HttpClient Storage { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TestAppHost.StartTimeout);
        Host = await TestAppHost.CreateAsync<Projects.PixelFlow_AppHost>(timeout.Token);
        // The fault-injection suite's jobs carry a loopback webhook URL, so that every one is delivered somewhere.
        Host.Builder.CreateResourceBuilder(Host.Builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "api"))
            .WithEnvironment("Webhooks__AllowPrivateNetworks", "true");
        await Host.StartAsync(["api", "worker", "web"], timeout.Token);
        var key = await Host.Builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "dev-api-key").GetValueAsync(timeout.Token);
        Project = new TestProject(Guid.Empty, key!, Authenticated(Host.App.CreateHttpClient("api"), key!));
    }

    public static HttpClient Authenticated(HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        client.Timeout = TimeSpan.FromSeconds(120);
        return client;
    }

    /// <summary>
    /// Each running replica of a project resource: its own address (DCP's proxy is the resource's endpoint; a
    /// replica's port is in its environment) and its process.
    /// </summary>
    public async Task<IReadOnlyList<Replica>> ReplicasAsync(string resource, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var replicas = new Dictionary<string, Replica>();
        await foreach (var update in Host.App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name != resource || update.Snapshot.State?.Text != KnownResourceStates.Running)
            {
                continue;
            }

            var urls = update.Snapshot.EnvironmentVariables.FirstOrDefault(e => e.Name == "ASPNETCORE_URLS")?.Value;
            var pid = update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
            if (urls is not null && pid is not null)
            {
                replicas[update.ResourceId] = new Replica(update.ResourceId, new Uri(urls.Split(';')[0]), AppProcess(Convert.ToInt32(pid)));
            }

            if (replicas.Count == count)
            {
                return [.. replicas.Values];
            }
        }

        throw new TimeoutException($"{resource}: {replicas.Count} of {count} replicas seen running");
    }

    /// <summary>The service's own process: DCP may start it through <c>dotnet run</c>, which stays as its parent.</summary>
    private static int AppProcess(int pid)
    {
        for (var i = 0; i < 3 && !File.ReadAllText($"/proc/{pid}/comm").StartsWith("PixelFlow", StringComparison.Ordinal); i++)
        {
            var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            pid = int.Parse(children.Single(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return pid;
    }

    public async ValueTask DisposeAsync()
    {
        Project?.Client.Dispose();
        Storage.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

public sealed record Replica(string Id, Uri Url, int ProcessId);

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
