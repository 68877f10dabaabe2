using RabbitMQ.Client;

namespace PixelFlow.AppHost.Servers.Local;

/// <summary>Debian's RabbitMQ broker, with its own Erlang port mapper (<see cref="LocalEpmdResource"/>).</summary>
internal sealed class LocalRabbitMQResource(string name, string command, string workingDirectory)
    : LocalServerResource(name, command, workingDirectory)
{
    public EndpointReference Distribution => field ??= new(this, "dist");

    public EndpointReference CliDistribution => field ??= new(this, "cli-dist");

    // loopback_users = none lets the default guest account in; the broker listens on loopback only.
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://guest:guest@{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

/// <summary>
/// epmd as a resource of its own: a broker started alone spawns a daemon epmd that outlives the AppHost. This one is
/// the AppHost's child, so it stops with it.
/// </summary>
internal sealed class LocalEpmdResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory)
{
    public EndpointReference Endpoint => field ??= new(this, "tcp");
}

internal static class LocalRabbitMQ
{
    public static IResourceBuilder<LocalRabbitMQResource> Add(IDistributedApplicationBuilder builder, LocalServerOptions options)
    {
        // /usr/sbin/rabbitmq-server switches to user rabbitmq; the script behind it runs the broker as we are.
        var server = LocalServerOptions.RequireFile("RabbitMQ", "/usr/lib/rabbitmq/bin/rabbitmq-server");
        var epmdCommand = LocalServerOptions.RequireFile("Erlang's epmd",
            ["/usr/bin/epmd", .. Directory.Exists("/usr/lib/erlang") ? Directory.GetFiles("/usr/lib/erlang", "epmd", SearchOption.AllDirectories) : []]);
        var data = options.For("rabbitmq");

        var epmd = builder.AddResource(new LocalEpmdResource("rabbitmq-epmd", epmdCommand, data))
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false, port: LocalServerBuilder.FreePort())
            .WithArgs(context => context.Args.AddAll("-address", "127.0.0.1", "-port",
                ((LocalEpmdResource)context.Resource).Endpoint.Property(EndpointProperty.TargetPort)));

        var rabbitmq = builder.AddLocalServer(new LocalRabbitMQResource(PixelFlowServers.RabbitMQName, server, data), "Mail")
            // Erlang distribution listeners are not proxied: the node publishes these ports through epmd itself.
            .WithEndpoint(name: "dist", scheme: "tcp", isProxied: false, port: LocalServerBuilder.FreePort())
            .WithEndpoint(name: "cli-dist", scheme: "tcp", isProxied: false, port: LocalServerBuilder.FreePort())
            .WithEnvironment(context =>
            {
                var resource = (LocalRabbitMQResource)context.Resource;
                var environment = context.EnvironmentVariables;
                environment["HOME"] = Path.Combine(data, "home");
                environment["RABBITMQ_NODENAME"] = "pixelflow@localhost";
                environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                environment["RABBITMQ_NODE_PORT"] = resource.TargetPort;
                environment["RABBITMQ_DIST_PORT"] = resource.Distribution.Property(EndpointProperty.TargetPort);
                // the broker's stop (SIGTERM) runs rabbitmqctl, whose own distribution port is this one
                environment["RABBITMQ_CTL_DIST_PORT_MIN"] = resource.CliDistribution.Property(EndpointProperty.TargetPort);
                environment["RABBITMQ_CTL_DIST_PORT_MAX"] = resource.CliDistribution.Property(EndpointProperty.TargetPort);
                environment["ERL_EPMD_PORT"] = epmd.Resource.Endpoint.Property(EndpointProperty.TargetPort);
                environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
                environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
                // No Erlang VM in the broker's tree (the node, its epmd probe at boot, rabbitmqctl at stop) may start a
                // daemon epmd of its own: one started while the managed epmd is stopping outlives the AppHost.
                environment["ERL_FLAGS"] = "-start_epmd false";
                environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia");
                environment["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log");
                environment["RABBITMQ_LOGS"] = "-"; // the console, i.e. the dashboard
                environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(data, "rabbitmq.conf");
                environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(data, "advanced.config");
                environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(data, "rabbitmq-env.conf");
                environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(data, "enabled_plugins");
                environment["RABBITMQ_PID_FILE"] = Path.Combine(data, "rabbitmq.pid");
            })
            .WaitFor(epmd);
        epmd.WithParentRelationship(rabbitmq);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(rabbitmq.Resource, (_, _) =>
        {
            Directory.CreateDirectory(Path.Combine(data, "home"));
            File.WriteAllText(Path.Combine(data, "rabbitmq.conf"), "loopback_users = none\n");
            File.WriteAllText(Path.Combine(data, "enabled_plugins"), "[].\n");
            File.WriteAllText(Path.Combine(data, "rabbitmq-env.conf"), "");
            return Task.CompletedTask;
        });

        // An AMQP connection (AspNetCore.HealthChecks.Rabbitmq, as Aspire's own RabbitMQ uses), reused between checks.
        var connectionString = LocalHealthChecks.ConnectionStringOf(builder, rabbitmq.Resource);
        IConnection? connection = null;
        return rabbitmq.WithLocalHealthCheck((checks, name) => checks.AddRabbitMQ(async services =>
            connection ??= await new ConnectionFactory { Uri = new Uri(connectionString(services)) }.CreateConnectionAsync(), name: name));
    }
}
