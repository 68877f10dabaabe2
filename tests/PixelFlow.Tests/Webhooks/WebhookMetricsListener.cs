using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace PixelFlow.Tests.Webhooks;

/// <summary>Sums the webhook counters of one host (its <see cref="IMeterFactory"/> is the meters' scope).</summary>
public sealed class WebhookMetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();

    public WebhookMetricsListener(IServiceProvider host)
    {
        var scope = host.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name.StartsWith("pixelflow.webhook.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                _sums.AddOrUpdate($"{instrument.Name}|{tag.Key}={tag.Value}", value, (_, sum) => sum + value);
            }
        });
        _listener.Start();
    }

    public long Count(string instrument, string tag, string value) => _sums.GetValueOrDefault($"{instrument}|{tag}={value}");

    public void Dispose() => _listener.Dispose();
}
