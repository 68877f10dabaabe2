using System.Globalization;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Auth;
using PixelFlow.Api.Outbox;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>
/// A second API instance beside the shared one, serving HTTP only: its message bus and outbox dispatcher do not
/// run, so every job change is recorded by the shared instance and reaches this one only through Redis (and the
/// database poll). Its meters are its own (its own <see cref="System.Diagnostics.Metrics.IMeterFactory"/>): a test counts
/// what its requests recorded while other tests use the shared instance in parallel.
/// </summary>
public sealed class ApiInstance : IAsyncDisposable
{
    private readonly ServersFixture.ServiceFactory<Program> _factory;
    private readonly WebApplicationFactory<Program> _httpOnly;

    /// <param name="heartbeatInterval">The event stream's heartbeat; the service's default when null.</param>
    /// <param name="pollInterval">The event stream's database poll; the service's default when null.</param>
    /// <param name="extraSettings">More settings of the instance (they win over the test hosts' own).</param>
    /// <param name="services">Services the test adds or replaces in the instance.</param>
    public ApiInstance(ServersFixture servers, TimeSpan? heartbeatInterval = null, TimeSpan? pollInterval = null,
        IReadOnlyDictionary<string, string?>? extraSettings = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>(extraSettings ?? new Dictionary<string, string?>());
        if (heartbeatInterval is { } heartbeat)
        {
            settings["Events:HeartbeatInterval"] = heartbeat.ToString("c", CultureInfo.InvariantCulture);
        }

        if (pollInterval is { } poll)
        {
            settings["Events:PollInterval"] = poll.ToString("c", CultureInfo.InvariantCulture);
        }

        _factory = new ServersFixture.ServiceFactory<Program>(servers.Activities, settings);
        _httpOnly = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(collection =>
        {
            collection.RemoveMassTransitHostedService();
            collection.RemoveHostedService<OutboxDispatcher>();
            services?.Invoke(collection);
        }));
    }

    public IServiceProvider Services => _httpOnly.Services;

    /// <summary>A client without credentials.</summary>
    public HttpClient CreateClient() => _httpOnly.CreateClient();

    public HttpClient CreateClient(TestProject project) => CreateClient(project.ApiKey);

    /// <summary>A client that sends <paramref name="bearerKey"/> (an API key, or the operator key).</summary>
    public HttpClient CreateClient(string bearerKey)
    {
        var client = _httpOnly.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _httpOnly.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
