extern alias AppHost;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// The four servers of the AppHost's own model (PixelFlow.AppHost, local mode), without its API and worker: the
/// integration tests host those in-process. Started once per test run, on first use (fast tests need none), in a
/// throwaway data folder; its connection strings reach the in-process services as Aspire hands them out
/// (<c>ConnectionStrings__&lt;name&gt;</c>).
/// </summary>
public sealed class LocalServices : IAsyncDisposable
{
    public static readonly string[] ConnectionNames = ["pixelflowdb", "redis", "rabbitmq", "storage"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly Lazy<Task<LocalServices>> Shared = new(StartAsync);

    private readonly DistributedApplication _app;
    private readonly DirectoryInfo _data;

    private LocalServices(DistributedApplication app, DirectoryInfo data)
    {
        _app = app;
        _data = data;
    }

    public static Task<LocalServices> GetAsync() => Shared.Value;

    /// <summary>Stops the broker process (connections drop, the port closes) until <see cref="StartBrokerAsync"/>.</summary>
    public Task StopBrokerAsync() => ExecuteAsync("rabbitmq", KnownResourceCommands.StopCommand);

    public async Task StartBrokerAsync()
    {
        await ExecuteAsync("rabbitmq", KnownResourceCommands.StartCommand);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq").WaitAsync(StartTimeout);
    }

    private async Task ExecuteAsync(string resource, string command)
    {
        var result = await _app.ResourceCommands.ExecuteCommandAsync(resource, command).WaitAsync(StartTimeout);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} {resource} failed: {result.Message}");
        }
    }

    private static async Task<LocalServices> StartAsync()
    {
        // Traversable by others (0755): as root, Postgres runs as user postgres and must reach its folder in here.
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pixelflow-tests-{Guid.NewGuid():N}"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data.FullName, (UnixFileMode)0b111_101_101);
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Program>(
            ["--PixelFlow:Servers=local", $"--PixelFlow:DataDirectory={data.FullName}", "--PixelFlow:DurableData=false"], timeout.Token);
        foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.Resources.Remove(service);
        }

        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token).WaitAsync(timeout.Token);
            foreach (var name in ConnectionNames)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
                Environment.SetEnvironmentVariable($"ConnectionStrings__{name}", await app.GetConnectionStringAsync(name, timeout.Token));
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new LocalServices(app, data);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await _app.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a server still closing its files: the folder is in the temp directory anyway
        }
    }

    /// <summary>Stops the servers when the test run ends, if a test started them.</summary>
    public sealed class Lifetime : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
            {
                await (await Shared.Value).DisposeAsync();
            }
        }
    }
}

/// <summary>Tests that disturb the shared servers (a broker outage) or measure the process: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "Isolated";
}
