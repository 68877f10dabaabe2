using Microsoft.Extensions.Logging;
using PixelFlow.AppHost.Servers;

namespace PixelFlow.AppHost;

/// <summary>
/// Once every resource is healthy, logs and (when <c>PixelFlow:ReadyFile</c> is set, as <c>./pixelflow up --detach</c>
/// does) writes <c>API_URL</c>, <c>WEB_URL</c>, <c>API_KEY</c>, <c>OPERATOR_KEY</c> and <c>DASHBOARD_URL</c>: the AppHost is the one place that knows them.
/// </summary>
internal static class ReadyReport
{
    public const string ReadyFileKey = "PixelFlow:ReadyFile";

    public static void Add(IDistributedApplicationBuilder builder, PixelFlowServers servers, string modeReason,
        IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> worker, IResourceBuilder<ProjectResource> web,
        IResourceBuilder<ParameterResource> apiKey, IResourceBuilder<ParameterResource> operatorKey)
    {
        var mode = servers.Mode.ToString().ToLowerInvariant();
        IResource[] awaited = [servers.Database.Resource, servers.Redis.Resource, servers.RabbitMQ.Resource, servers.Storage.Resource, api.Resource, worker.Resource, web.Resource];
        var readyFile = builder.Configuration[ReadyFileKey];
        var dashboardUrl = builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } url
            && builder.Configuration["AppHost:BrowserToken"] is { Length: > 0 } token
            ? $"{url.TrimEnd('/')}/login?t={token}"
            : builder.Configuration["ASPNETCORE_URLS"] ?? "";
        if (readyFile is not null)
        {
            File.Delete(readyFile);
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PixelFlow.AppHost");
            logger.LogInformation("Servers: {Mode} mode, because {Reason}", mode, modeReason);
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            if (!@event.Model.Resources.Contains(api.Resource))
            {
                return Task.CompletedTask; // a test's model without the services
            }

            _ = Task.Run(async () =>
            {
                var waits = awaited.Select(r => (r.Name, Healthy: notifications.WaitForResourceHealthyAsync(r.Name, stopping))).ToList();
                var healthy = Task.WhenAll(waits.Select(w => w.Healthy));
                // Say what is still starting, so a slow or stuck start is never silent.
                while (await Task.WhenAny(healthy, Task.Delay(TimeSpan.FromSeconds(15), stopping)) != healthy)
                {
                    logger.LogInformation("Still starting: {Resources}", string.Join(", ", waits
                        .Where(w => !w.Healthy.IsCompleted)
                        .Select(w => notifications.TryGetCurrentState(w.Name, out var e) ? $"{w.Name} ({e.Snapshot.State?.Text})" : w.Name)));
                }

                await healthy;
                var apiUrl = api.GetEndpoint("http").Url;
                var webUrl = web.GetEndpoint("http").Url;
                logger.LogInformation("PixelFlow is ready: API_URL={ApiUrl} (the development project's key is the dev-api-key parameter), WEB_URL={WebUrl}",
                    apiUrl, webUrl);
                if (readyFile is not null)
                {
                    // and the connection strings the services got, for ./pixelflow new-project (the API's operator command)
                    var lines = new List<string>
                    {
                        $"API_URL={apiUrl}", $"WEB_URL={webUrl}", $"API_KEY={await apiKey.Resource.GetValueAsync(stopping)}", $"DASHBOARD_URL={dashboardUrl}", $"SERVERS={mode}",
                        $"OPERATOR_KEY={await operatorKey.Resource.GetValueAsync(stopping)}",
                    };
                    foreach (var server in (IResourceWithConnectionString[])[servers.Database.Resource, servers.Redis.Resource, servers.RabbitMQ.Resource, servers.Storage.Resource])
                    {
                        lines.Add($"ConnectionStrings__{server.Name}={await server.ConnectionStringExpression.GetValueAsync(stopping)}");
                    }

                    await File.WriteAllLinesAsync(readyFile + ".tmp", lines, stopping);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(readyFile + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    }

                    File.Move(readyFile + ".tmp", readyFile, overwrite: true);
                }
            }, stopping);
            return Task.CompletedTask;
        });
    }
}
