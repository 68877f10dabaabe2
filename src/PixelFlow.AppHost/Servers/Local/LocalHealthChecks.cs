namespace PixelFlow.AppHost.Servers.Local;

internal static class LocalHealthChecks
{
    /// <summary>
    /// The resource's connection string for a health check, known once DCP has allocated its endpoint (the
    /// pattern of Aspire's own hosting integrations).
    /// </summary>
    public static Func<IServiceProvider, string> ConnectionStringOf(IDistributedApplicationBuilder builder, IResourceWithConnectionString resource)
    {
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct));
        return _ => connectionString ?? throw new InvalidOperationException($"The connection string of '{resource.Name}' is not known yet.");
    }

    /// <summary>
    /// Gives a child resource (a database) its server's state, so its health check runs and WaitFor on it works:
    /// Aspire does this for children of containers only.
    /// </summary>
    public static void MirrorStateToChild(IDistributedApplicationBuilder builder, IResource parent, IResource child) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(async () =>
            {
                await foreach (var update in notifications.WatchAsync(stopping))
                {
                    if (update.Resource == parent)
                    {
                        await notifications.PublishUpdateAsync(child, snapshot => snapshot with
                        {
                            State = update.Snapshot.State,
                            StartTimeStamp = update.Snapshot.StartTimeStamp,
                            StopTimeStamp = update.Snapshot.StopTimeStamp,
                        });
                    }
                }
            }, stopping);
            return Task.CompletedTask;
        });
}
