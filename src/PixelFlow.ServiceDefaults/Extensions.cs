using System.Text.Json;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire 13.6 ServiceDefaults template: OpenTelemetry (OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and a
/// Prometheus scrape endpoint), default health checks, service discovery and resilience on HttpClients. PixelFlow's
/// additions are marked where they are made.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string MetricsEndpointPath = "/metrics";

    /// <summary>PixelFlow's own ActivitySources and Meters (<c>PixelFlow.Api</c>, <c>PixelFlow.Worker</c>, …).</summary>
    private const string PixelFlowSources = "PixelFlow.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        // Clients from IHttpClientFactory only. The webhook sender builds its own client on purpose: a resilience
        // handler retrying its POSTs would bypass the delivery's retry schedule and attempt log (WebhookSender).
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // The resource reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; the name here only fills the gap when the
        // environment gives none (Aspire always gives one). No generated instance id: Aspire's service.instance.id
        // names the replica, and the dashboard links telemetry to resources by it.
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    // PixelFlow: the bus and the product's own instruments, also scraped at /metrics. Npgsql's and
                    // Redis' telemetry comes with their Aspire client integrations.
                    .AddMeter(InstrumentationOptions.MeterName, PixelFlowSources)
                    .AddPrometheusExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName, DiagnosticHeaders.DefaultListenerName, PixelFlowSources)
                    // Probes and scrapes every few seconds would drown the traces that matter.
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbeOrScrape(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    // PixelFlow: no traces of their own for background database polling (see the sampler).
                    .SetSampler(new ParentBasedSampler(new DropRootDatabaseSpansSampler()));
            });

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Reports a health check that a client integration registered under its own name (Aspire names them after the
    /// client: <c>PixelFlowDbContext</c>, <c>StackExchange.Redis</c>) under the dependency's name, the one
    /// <c>/health</c> has always used and that operators probe for.
    /// </summary>
    public static TBuilder ReportHealthCheckAs<TBuilder>(this TBuilder builder, string registeredName, string name, params string[] tags)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            // Absent when the integration's checks are turned off in its Aspire:* section (DisableHealthChecks).
            var registration = options.Registrations.SingleOrDefault(candidate => candidate.Name == registeredName);
            if (registration is null)
            {
                return;
            }

            registration.Name = name;
            foreach (var tag in tags)
            {
                registration.Tags.Add(tag);
            }
        });
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check, each dependency reported by name; <c>/alive</c>: liveness only. Mapped in every
    /// environment because operators and orchestrators probe production too; the report names checks and their
    /// status, never connection details. <c>/metrics</c>: the Prometheus scrape.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteHealthReport });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
            ResponseWriter = WriteHealthReport,
        });
        // Meant for a scrape network, as imgproxy's metrics server is: no API key and no rate limit (it requires no
        // authorization, which is what the rate limiter keys on). Keep the port off the public network, or put the
        // path behind the proxy's own access rule.
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        return app;
    }

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath) ||
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(MetricsEndpointPath);

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
}
