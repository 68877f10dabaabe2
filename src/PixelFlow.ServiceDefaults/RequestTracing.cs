using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What OpenTelemetry's ASP.NET Core instrumentation would add (it is not available here): ASP.NET Core's own
/// request activity carries no tags, so name it <c>METHOD route</c> and tag it with the HTTP semantic conventions.
/// Registered as a startup filter so it wraps the whole pipeline.
/// </summary>
internal sealed class RequestTracingStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var activity = Activity.Current;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                if (activity is not null && activity.Source.Name == "Microsoft.AspNetCore")
                {
                    Enrich(activity, context);
                }
            }
        });
        next(app);
    };

    private static void Enrich(Activity activity, HttpContext context)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
        activity.SetTag("http.request.method", context.Request.Method);
        activity.SetTag("url.path", context.Request.Path.Value);
        activity.SetTag("url.scheme", context.Request.Scheme);
        activity.SetTag("http.response.status_code", context.Response.StatusCode);
        if (route is not null)
        {
            activity.SetTag("http.route", route);
        }

        if (context.Response.StatusCode >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}

/// <summary>
/// Drops database spans that start a trace of their own: those are background polling (the outbox, health
/// probes), not work anyone asked for. Database spans inside a request or a message are kept.
/// </summary>
internal sealed class DropRootDatabaseSpansSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default &&
        samplingParameters.Kind == ActivityKind.Client &&
        samplingParameters.Name == "postgresql"
            ? new SamplingResult(SamplingDecision.Drop)
            : new SamplingResult(SamplingDecision.RecordAndSample);
}
