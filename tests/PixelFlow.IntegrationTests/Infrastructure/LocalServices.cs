extern alias AppHost;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// The four servers of the AppHost's own model (PixelFlow.AppHost, local mode), without its API and worker: the
/// integration tests host those in-process. Started once per test run (by <see cref="ServersFixture"/>, which also stops them), in a
/// throwaway data folder; its connection strings reach the in-process services as Aspire hands them out
/// (<c>ConnectionStrings__&lt;name&gt;</c>).
/// </summary>
public sealed class LocalServices : IAsyncDisposable
{
    public static readonly string[] ConnectionNames = ["pixelflowdb", "redis", "rabbitmq", "storage"];
    private static readonly Lazy<Task<LocalServices>> Shared = new(StartAsync);

    private readonly TestAppHost _host;

    private LocalServices(TestAppHost host) => _host = host;

    public static Task<LocalServices> GetAsync() => Shared.Value;

    /// <summary>Stops a server's process (connections drop, the port closes) until <see cref="StartAsync(string)"/>.</summary>
    public Task StopAsync(string server) => _host.StopAsync(server);

    /// <summary>Starts a stopped server and waits until it answers its health check.</summary>
    public Task StartAsync(string server) => _host.ExecuteCommandAsync(server, KnownResourceCommands.StartCommand, thenHealthy: true);

    private static async Task<LocalServices> StartAsync()
    {
        using var timeout = new CancellationTokenSource(TestAppHost.StartTimeout);
        var host = await TestAppHost.CreateAsync<AppHost::Program>(timeout.Token);
        try
        {
            foreach (var service in host.Builder.Resources.OfType<ProjectResource>().ToList())
            {
                host.Builder.Resources.Remove(service);
            }

            await host.StartAsync(ConnectionNames, timeout.Token);
            foreach (var name in ConnectionNames)
            {
                Environment.SetEnvironmentVariable($"ConnectionStrings__{name}", await host.App.GetConnectionStringAsync(name, timeout.Token));
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return new LocalServices(host);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
