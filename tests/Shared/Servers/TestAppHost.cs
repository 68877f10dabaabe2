using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.Testing;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// The real AppHost as tests start it: local mode (the mode every test exercises; containers cannot run on the CI
/// machines), its servers' data in a throwaway folder, every wait bounded.
/// </summary>
public sealed class TestAppHost : IAsyncDisposable
{
    /// <summary>
    /// Bounds each start and health wait. Generous: on a 2-core machine busy with parallel builds (load average 30–40)
    /// the API replicas took about 3.5 minutes to become healthy; an unloaded CI machine takes seconds.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private readonly DirectoryInfo _data;

    private TestAppHost(IDistributedApplicationTestingBuilder builder, DirectoryInfo data)
    {
        Builder = builder;
        _data = data;
    }

    public IDistributedApplicationTestingBuilder Builder { get; }

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The throwaway folder the servers keep their data in (storage's objects are files under it).</summary>
    public string DataDirectory => _data.FullName;

    public static async Task<TestAppHost> CreateAsync<TEntryPoint>(CancellationToken cancellationToken) where TEntryPoint : class
    {
        // Traversable by others (0755): as root, Postgres runs as user postgres and must reach its folder in here.
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pixelflow-tests-{Guid.NewGuid():N}"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data.FullName, (UnixFileMode)0b111_101_101);
        }

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<TEntryPoint>(
            ["--PixelFlow:Servers=local", $"--PixelFlow:DataDirectory={data.FullName}", "--PixelFlow:DurableData=false"],
            cancellationToken);
        // The testing builder runs without the dashboard yet still points every service's OTLP exporter at it
        // (localhost:4317). Exporting to nobody, with the in-memory retry Aspire also turns on, a service then spends
        // 10 s and more shutting down (0.3 s without), longer under load than a stop command waits for it.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty);
        }

        return new TestAppHost(builder, data);
    }

    /// <summary>Builds and starts the model, then waits until each named resource is healthy.</summary>
    public async Task StartAsync(IEnumerable<string> healthy, CancellationToken cancellationToken)
    {
        App = await Builder.BuildAsync(cancellationToken);
        await App.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        foreach (var name in healthy)
        {
            try
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            }
            catch (Exception e) when (e is DistributedApplicationException or TimeoutException or OperationCanceledException)
            {
                throw new InvalidOperationException($"{name} did not become healthy ({e.Message}). Its last log lines:\n{await LastLogLinesAsync(name)}", e);
            }
        }
    }

    /// <summary>The last log lines of a resource (a failing test shows them).</summary>
    public async Task<string> LastLogLinesAsync(string resourceName)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var resource = Builder.Resources.Single(r => r.Name == resourceName);
            await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException)
        {
            // what arrived within the time is enough
        }

        return string.Join('\n', lines.TakeLast(40));
    }

    /// <summary>Runs one of a resource's commands (stop, start, restart), as the dashboard's buttons do.</summary>
    public async Task ExecuteCommandAsync(string resource, string command, bool thenHealthy = false)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command).WaitAsync(StartTimeout);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} {resource} failed: {result.Message}");
        }

        if (thenHealthy)
        {
            // Right after a start command the last snapshot can still be the old process's Exited state; the default
            // behaviour (StopOnResourceUnavailable) takes that for a failed start. Waiting through it is bounded anyway.
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable)
                .WaitAsync(StartTimeout);
        }
    }

    /// <summary>
    /// Stops a resource and waits until its process is gone. The stop command itself gives up after about 15 s while
    /// the stop goes on (a worker finishes its in-flight jobs first; on two busy cores that can take longer).
    /// </summary>
    public async Task StopAsync(string resource)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand).WaitAsync(StartTimeout);
        if (!result.Success)
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates).WaitAsync(StartTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await App.DisposeAsync();
        }

        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a server still closing its files: the folder is in the temp directory anyway
        }
    }
}
