using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Drops database spans that start a trace of their own: those are background polling (the outbox, the webhook
/// dispatcher, health probes), not work anyone asked for. Database spans inside a request or a message are kept.
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
