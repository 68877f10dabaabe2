using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixelFlow.Api.Auth;
using PixelFlow.Api.Extensions;
using PixelFlow.Api.Webhooks;
using PixelFlow.Tests.Infrastructure;

namespace PixelFlow.Tests.Webhooks;

/// <summary>
/// A receiver, and a second API instance that may deliver to it: private networks allowed (the receiver is on
/// loopback) and a retry schedule of fractions of a second. Every API instance runs a dispatcher over the same
/// table, so which instance sends a delivery is a race; the fixture keeps exactly one dispatching at a time (this
/// one, or the shared instance with the default policy for the SSRF test). Tests of one collection run one after
/// another, so the switch holds for the test that makes it.
/// </summary>
public sealed class WebhookFixture(ServersFixture servers) : IAsyncLifetime
{
    /// <summary>Delays between attempts: 4 attempts in about one second.</summary>
    public static readonly double[] RetrySeconds = [0.2, 0.4, 0.4];

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>The instance with <c>Webhooks:AllowPrivateNetworks=true</c>.</summary>
    public WebApplicationFactory<Program> OpenApi { get; private set; } = null!;

    public ServersFixture Servers => servers;

    public async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:AttemptTimeout"] = "00:00:05",
        };
        for (var i = 0; i < RetrySeconds.Length; i++)
        {
            settings[$"Webhooks:RetryScheduleSeconds:{i}"] = RetrySeconds[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        OpenApi = new ServersFixture.ServiceFactory<Program>(servers.Activities, settings);
        OpenApi.CreateClient().Dispose();
        await Dispatcher(servers.Api).StopAsync(CancellationToken.None);
    }

    /// <summary>A client of the open instance for <paramref name="project"/> (any instance serves any project).</summary>
    public HttpClient OpenClient(TestProject project)
    {
        var client = OpenApi.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        return client;
    }

    /// <summary>Until disposed, only the shared instance (default policy: private networks blocked) dispatches.</summary>
    public async Task<IAsyncDisposable> DispatchFromSharedApiAsync()
    {
        await Dispatcher(OpenApi).StopAsync(CancellationToken.None);
        await Dispatcher(servers.Api).StartAsync(CancellationToken.None);
        return new Switch(async () =>
        {
            await Dispatcher(servers.Api).StopAsync(CancellationToken.None);
            await Dispatcher(OpenApi).StartAsync(CancellationToken.None);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await OpenApi.DisposeAsync();
        await Dispatcher(servers.Api).StartAsync(CancellationToken.None);
        await Receiver.DisposeAsync();
    }

    private static IHostedService Dispatcher<T>(WebApplicationFactory<T> factory) where T : class =>
        factory.Services.GetRequiredService<WebhookDispatcher>();

    private sealed class Switch(Func<Task> back) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await back();
    }
}
