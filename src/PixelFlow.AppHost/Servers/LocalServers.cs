using PixelFlow.AppHost.Servers.Local;

namespace PixelFlow.AppHost.Servers;

/// <summary>
/// Local mode: the machine's own PostgreSQL, Redis, RabbitMQ and s3rver (installed by <c>./pixelflow install</c>) as
/// executable resources on loopback, each with a protocol health check and its data under
/// <see cref="LocalServerOptions.DataDirectory"/>. DCP stops them with the AppHost.
/// </summary>
internal static class LocalServers
{
    public static PixelFlowServers Add(IDistributedApplicationBuilder builder)
    {
        var options = LocalServerOptions.From(builder);
        return new PixelFlowServers(ServerMode.Local,
            PixelFlowServers.Generalize(LocalPostgres.Add(builder, options)),
            PixelFlowServers.Generalize(LocalRedis.Add(builder, options)),
            PixelFlowServers.Generalize(LocalRabbitMQ.Add(builder, options)),
            PixelFlowServers.Generalize(LocalStorage.Add(builder, options)));
    }
}
