namespace PixelFlow.AppHost.Servers.Local;

/// <summary>Debian's redis-server, with an append-only file in its data folder: job-status mirrors and rate-limit state survive a restart.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => field ??= new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

internal static class LocalRedis
{
    public static IResourceBuilder<LocalRedisResource> Add(IDistributedApplicationBuilder builder, LocalServerOptions options)
    {
        var command = LocalServerOptions.RequireFile("Redis", "/usr/bin/redis-server");
        var data = options.For("redis");
        var redis = builder.AddResource(new LocalRedisResource(PixelFlowServers.RedisName, command, data))
            .WithIconName("Memory")
            .WithEndpoint(name: "tcp", scheme: "tcp")
            .WithArgs(context =>
            {
                var resource = (LocalRedisResource)context.Resource;
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var argument in (string[])["--dir", data, "--save", "", "--appendonly", options.Durable ? "yes" : "no", "--daemonize", "no"])
                {
                    context.Args.Add(argument);
                }
            });

        // PING round trip (AspNetCore.HealthChecks.Redis, as Aspire's own Redis uses).
        var connectionString = LocalHealthChecks.ConnectionStringOf(builder, redis.Resource);
        builder.Services.AddHealthChecks().AddRedis(connectionString, name: "redis_check");
        return redis.WithHealthCheck("redis_check");
    }
}
