using System.Diagnostics.Metrics;

namespace PixelFlow.Api.Recovery;

/// <summary>Jobs the recovery sweep settled, on the API's meter (<see cref="ApiMetrics.Meter"/>).</summary>
public sealed class RecoveryMetrics(ApiMetrics apiMetrics)
{
    private readonly Counter<long> _settled = apiMetrics.Meter.CreateCounter<long>("pixelflow.recovery.settled", "{job}",
        "Jobs whose state and evidence disagreed, settled by the recovery sweep; tagged with recovery.reason and recovery.action.");

    public void Settled(RecoveryReason reason, RecoveryAction action) =>
        _settled.Add(1, new KeyValuePair<string, object?>("recovery.reason", reason.ToWire()),
            new KeyValuePair<string, object?>("recovery.action", action.ToString().ToLowerInvariant()));
}
