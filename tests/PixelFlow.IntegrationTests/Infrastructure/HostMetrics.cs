using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>Reads one in-process host's instruments: its <see cref="IMeterFactory"/> is its meters' scope, so another host's are not mixed in.</summary>
public static class HostMetrics
{
    /// <summary>Collects what <paramref name="instrument"/> of <paramref name="meter"/> records in <paramref name="host"/> from now on.</summary>
    public static MetricCollector<T> Collect<T>(this IServiceProvider host, string meter, string instrument) where T : struct =>
        new(host.GetRequiredService<IMeterFactory>(), meter, instrument);

    /// <summary>The sum of the values recorded with <paramref name="tag"/> set to <paramref name="value"/> (all of them when no tag is named).</summary>
    public static T Sum<T>(this MetricCollector<T> collector, string? tag = null, object? value = null) where T : struct, System.Numerics.INumber<T> =>
        collector.GetMeasurementSnapshot()
            .Where(measurement => tag is null || Equals(measurement.Tags.GetValueOrDefault(tag), value))
            .Aggregate(T.Zero, (sum, measurement) => sum + measurement.Value);
}
