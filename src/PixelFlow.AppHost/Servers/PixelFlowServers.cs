namespace PixelFlow.AppHost.Servers;

/// <summary>
/// The four servers as the services see them: connection strings named <c>pixelflowdb</c>, <c>redis</c>,
/// <c>rabbitmq</c> and <c>storage</c>, whichever <see cref="ServerMode"/> provides them.
/// </summary>
public sealed record PixelFlowServers(
    ServerMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> RabbitMQ,
    IResourceBuilder<IResourceWithConnectionString> Storage)
{
    public const string DatabaseName = "pixelflowdb";
    public const string RedisName = "redis";
    public const string RabbitMQName = "rabbitmq";
    public const string StorageName = "storage";

    public static PixelFlowServers Add(IDistributedApplicationBuilder builder, ServerMode mode) => mode switch
    {
        ServerMode.Containers => ContainerServers.Add(builder),
        _ => LocalServers.Add(builder),
    };

    /// <summary>A server's builder as the services reference it: by its connection string only.</summary>
    internal static IResourceBuilder<IResourceWithConnectionString> Generalize<T>(IResourceBuilder<T> resource)
        where T : IResourceWithConnectionString =>
        resource.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(resource.Resource);
}

/// <summary>Service references that wait for the server to be healthy, as every PixelFlow service needs.</summary>
public static class ServerReferences
{
    public static IResourceBuilder<T> WithServer<T>(this IResourceBuilder<T> service, IResourceBuilder<IResourceWithConnectionString> server)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport =>
        service.WithReference(server).WaitFor(server);
}
