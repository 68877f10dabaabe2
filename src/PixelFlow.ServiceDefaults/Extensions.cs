using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire ServiceDefaults template (13.x), rebuilt on the OpenTelemetry SDK alone: the hosting and
/// instrumentation packages the template uses are not available here, so providers are built explicitly and
/// the libraries' native ActivitySources and Meters are subscribed to by name.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    /// <summary>Sources every PixelFlow service traces (the libraries emit them natively).</summary>
    public static readonly IReadOnlyList<string> TraceSources =
        ["Microsoft.AspNetCore", "System.Net.Http", "MassTransit", "Npgsql", "PixelFlow.*"];

    /// <summary>Meters every PixelFlow service exports.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "System.Net.NameResolution", "System.Runtime", "MassTransit", "Npgsql", "PixelFlow.*",
    ];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;

        // CreateDefault reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; the explicit name only fills the
        // gap when the environment gives none (Aspire always gives one). No generated instance id: Aspire's
        // service.instance.id names the replica, and the dashboard links telemetry to resources by it.
        ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService(serviceName, autoGenerateServiceInstanceId: false);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(Resource());
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (exportOtlp)
            {
                logging.AddOtlpExporter();
            }
        });

        builder.Services.AddSingleton(services =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(Resource())
                .AddSource([.. TraceSources, builder.Environment.ApplicationName])
                .SetSampler(new ParentBasedSampler(new DropRootDatabaseSpansSampler()))
                // Health probes every few seconds would drown the traces that matter.
                .AddProcessor(new DropHealthProbeTracesProcessor());
            foreach (var processor in services.GetServices<BaseProcessor<Activity>>())
            {
                tracing.AddProcessor(processor);
            }

            if (exportOtlp)
            {
                tracing.AddOtlpExporter();
            }

            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(Resource())
                .AddMeter([.. Meters, builder.Environment.ApplicationName]);
            if (exportOtlp)
            {
                metrics.AddOtlpExporter();
            }

            return metrics.Build();
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestTracingStartupFilter>();
        // Providers only listen once built: build them as the host starts, before the first request.
        builder.Services.AddHostedService<TelemetryProvidersActivator>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check, each dependency reported by name; <c>/alive</c>: liveness only. Mapped in every
    /// environment because operators and orchestrators probe production too; the report names checks and their
    /// status, never connection details.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteHealthReport });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
            ResponseWriter = WriteHealthReport,
        });
        return app;
    }

    private static Task WriteHealthReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            duration_ms = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                    duration_ms = (long)entry.Value.Duration.TotalMilliseconds,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private sealed class TelemetryProvidersActivator(TracerProvider tracing, MeterProvider metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(tracing);
            GC.KeepAlive(metrics);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracing.ForceFlush(2000);
            metrics.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }

    private sealed class DropHealthProbeTracesProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            if (activity.Source.Name == "Microsoft.AspNetCore" && activity.GetTagItem("url.path") is string path &&
                (path.StartsWith(HealthEndpointPath, StringComparison.Ordinal) ||
                 path.StartsWith(AlivenessEndpointPath, StringComparison.Ordinal) ||
                 path.StartsWith("/healthz", StringComparison.Ordinal)))
            {
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }
        }
    }
}
