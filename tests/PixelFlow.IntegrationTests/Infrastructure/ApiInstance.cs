using System.Globalization;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using PixelFlow.Api.Services;
using PixelFlow.Tests.Infrastructure;

namespace PixelFlow.Tests.Events;

/// <summary>
/// A second API instance beside the shared one, serving HTTP only: its message bus and outbox dispatcher do not
/// run, so every job change is recorded by the shared instance and reaches this one only through Redis (and the
/// database poll).
/// </summary>
public sealed class ApiInstance : IAsyncDisposable
{
    private readonly ServersFixture.ServiceFactory<Program> _factory;
    private readonly WebApplicationFactory<Program> _httpOnly;

    public ApiInstance(ServersFixture servers, TimeSpan heartbeatInterval, TimeSpan pollInterval)
    {
        _factory = new ServersFixture.ServiceFactory<Program>(servers.Activities, new Dictionary<string, string?>
        {
            ["Events:HeartbeatInterval"] = heartbeatInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Events:PollInterval"] = pollInterval.ToString("c", CultureInfo.InvariantCulture),
        });
        _httpOnly = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveMassTransitHostedService();
            services.RemoveHostedService<OutboxDispatcher>();
        }));
    }

    public IServiceProvider Services => _httpOnly.Services;

    public HttpClient CreateClient(TestProject project)
    {
        var client = _httpOnly.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _httpOnly.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
