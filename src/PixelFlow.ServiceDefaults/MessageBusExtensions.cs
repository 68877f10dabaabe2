using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// MassTransit on RabbitMQ, configured once for the API and the worker: they differ only in their consumers.
/// </summary>
public static class MessageBusExtensions
{
    /// <summary>Section of MassTransit's own host options (<see cref="MassTransitHostOptions"/>).</summary>
    public const string HostOptionsSectionName = "MassTransit";

    /// <summary>
    /// The bus from <c>ConnectionStrings__{connectionName}</c> (an amqp URI, as Aspire gives it), with kebab-case
    /// endpoint names and MassTransit's bus health check reported under the connection's name.
    /// </summary>
    public static TBuilder AddMessageBus<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator> configureConsumers,
        string connectionName = "rabbitmq") where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing (ConnectionStrings__{connectionName}=amqp://user:pass@host:port).");
        // WaitUntilStarted, StartTimeout, StopTimeout: by default a service starts even while the broker is unreachable
        // and connects when it can.
        builder.Services.AddOptions<MassTransitHostOptions>().BindConfiguration(HostOptionsSectionName);
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ reports its configuration to an outside host after start; these services have no
            // business calling out (and their networks often cannot).
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = connectionName;
                health.Tags.Add("ready");
            });
            configureConsumers(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
