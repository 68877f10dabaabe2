using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PixelFlow.AppHost.Servers.Local;

/// <summary>
/// A server the AppHost runs from this machine's packages rather than a container, reached through one endpoint named
/// for its scheme, on a port picked at start (<see cref="LocalServerBuilder.FreePort"/>): plain TCP unless the server
/// speaks HTTP. Each kind says how its connection string is made.
/// </summary>
internal abstract class LocalServerResource(string name, string command, string workingDirectory, string scheme = "tcp")
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public string Scheme => scheme;

    public EndpointReference Endpoint => field ??= new(this, scheme);

    /// <summary>The port the server itself must listen on (the endpoint's port: DCP does not proxy it).</summary>
    public EndpointReferenceExpression TargetPort => Endpoint.Property(EndpointProperty.TargetPort);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}

internal static class LocalServerBuilder
{
    /// <summary>
    /// Adds a local server with its dashboard icon and its endpoint. The endpoint is not proxied: DCP's proxy would
    /// carry every query, message and object between the services and the servers through one more process (measured
    /// 2026-11-30 in the multipart stream: DCP 29 CPU-ms a job, more than Postgres, and a proxy hop on each round trip).
    /// </summary>
    public static IResourceBuilder<T> AddLocalServer<T>(this IDistributedApplicationBuilder builder, T server, string iconName)
        where T : LocalServerResource =>
        builder.AddResource(server).WithIconName(iconName)
            .WithEndpoint(name: server.Scheme, scheme: server.Scheme, port: FreePort(), isProxied: false);

    /// <summary>
    /// A loopback port free now, for a listener DCP does not proxy (such endpoints need their port fixed in the model).
    /// Another process could take it before the server binds it; the server then fails to start, visibly.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Registers the resource's health check as <c>{name}_check</c> and ties the resource's health to it (so WaitFor
    /// waits for it). <paramref name="register"/> adds the check under the name it is given.
    /// </summary>
    public static IResourceBuilder<T> WithLocalHealthCheck<T>(this IResourceBuilder<T> resource,
        Action<IHealthChecksBuilder, string> register) where T : IResource
    {
        var name = $"{resource.Resource.Name}_check";
        register(resource.ApplicationBuilder.Services.AddHealthChecks(), name);
        return resource.WithHealthCheck(name);
    }

    /// <summary>Appends a server's command-line arguments, in order.</summary>
    public static void AddAll(this IList<object> arguments, params IEnumerable<object> values)
    {
        foreach (var value in values)
        {
            arguments.Add(value);
        }
    }
}
