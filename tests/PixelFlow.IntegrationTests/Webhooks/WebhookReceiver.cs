using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Webhooks;

/// <summary>A request as the receiver got it.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt, int AnsweredWith)
{
    public string Id => Headers["webhook-id"];
}

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, an ephemeral port). Each test takes its own path from
/// <see cref="NewEndpoint"/>, scripts the status codes it answers with there (200 once the script runs out), and
/// reads back what arrived.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scripts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedWebhook>> _received = new();

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var path = context.Request.Path.Value!;
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var status = _scripts.TryGetValue(path, out var script) && script.TryDequeue(out var scripted) ? scripted : 200;
            var headers = context.Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
            _received.GetOrAdd(path, _ => new()).Enqueue(new ReceivedWebhook(path, headers, body, DateTimeOffset.UtcNow, status));
            if (status is >= 300 and < 400)
            {
                // Somewhere the sender must not go: redirects are not followed.
                context.Response.Headers.Location = $"{path}/redirected";
            }

            context.Response.StatusCode = status;
        });
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>A fresh path and its full URL; the receiver answers with <paramref name="statuses"/> in turn, then 200.</summary>
    public (string Path, string Url) NewEndpoint(params int[] statuses)
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        _scripts[path] = new ConcurrentQueue<int>(statuses);
        return (path, BaseUrl + path);
    }

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string path) =>
        _received.TryGetValue(path, out var received) ? [.. received] : [];

    /// <summary>Waits until at least <paramref name="count"/> requests reached <paramref name="path"/>.</summary>
    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string path, int count = 1, int timeoutSeconds = 30) =>
        Poll.UntilAsync(() => ReceivedAt(path), received => received.Count >= count, TimeSpan.FromSeconds(timeoutSeconds),
            received => $"{received.Count} of {count} webhook requests reached {path}", TimeSpan.FromMilliseconds(20));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
