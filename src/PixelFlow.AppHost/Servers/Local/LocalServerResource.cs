using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PixelFlow.AppHost.Servers.Local;

/// <summary>
/// A server the AppHost runs from this machine's packages rather than a container, reached through one endpoint named
/// for its scheme (DCP proxies it and picks the port): plain TCP unless the server speaks HTTP. Each kind says how its
/// connection string is made.
/// </summary>
internal abstract class LocalServerResource(string name, string command, string workingDirectory, string scheme = "tcp")
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public string Scheme => scheme;

    public EndpointReference Endpoint => field ??= new(this, scheme);

    /// <summary>The port the server itself must listen on, behind DCP's proxy.</summary>
    public EndpointReferenceExpression TargetPort => Endpoint.Property(EndpointProperty.TargetPort);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}

internal static class LocalServerBuilder
{
    /// <summary>Adds a local server with its dashboard icon and its endpoint.</summary>
    public static IResourceBuilder<T> AddLocalServer<T>(this IDistributedApplicationBuilder builder, T server, string iconName)
        where T : LocalServerResource =>
        builder.AddResource(server).WithIconName(iconName).WithEndpoint(name: server.Scheme, scheme: server.Scheme);

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
