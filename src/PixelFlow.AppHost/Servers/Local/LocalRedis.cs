namespace PixelFlow.AppHost.Servers.Local;

/// <summary>Debian's redis-server, with an append-only file in its data folder: job-status mirrors and rate-limit state survive a restart.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : LocalServerResource(name, command, workingDirectory)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

internal static class LocalRedis
{
    public static IResourceBuilder<LocalRedisResource> Add(IDistributedApplicationBuilder builder, LocalServerOptions options)
    {
        var command = LocalServerOptions.RequireFile("Redis", "/usr/bin/redis-server");
        var data = options.For("redis");
        var redis = builder.AddLocalServer(new LocalRedisResource(PixelFlowServers.RedisName, command, data), "Memory");
        redis.WithArgs(context => context.Args.AddAll("--bind", "127.0.0.1", "--port", redis.Resource.TargetPort, "--dir", data,
            "--save", "", "--appendonly", options.Durable ? "yes" : "no", "--daemonize", "no"));

        // PING round trip (AspNetCore.HealthChecks.Redis, as Aspire's own Redis uses).
        var connectionString = LocalHealthChecks.ConnectionStringOf(builder, redis.Resource);
        return redis.WithLocalHealthCheck((checks, name) => checks.AddRedis(connectionString, name: name));
    }
}
