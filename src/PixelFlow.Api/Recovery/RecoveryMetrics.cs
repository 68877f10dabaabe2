using System.Diagnostics.Metrics;

namespace PixelFlow.Api.Recovery;

/// <summary>Jobs the recovery sweep settled, on the API's meter (<see cref="ApiMetrics.MeterName"/>).</summary>
public sealed class RecoveryMetrics(IMeterFactory meterFactory)
{
    private readonly Counter<long> _settled = meterFactory.Create(ApiMetrics.MeterName).CreateCounter<long>(
        "pixelflow.recovery.settled", "{job}",
        "Jobs whose state and evidence disagreed, settled by the recovery sweep; tagged with recovery.reason and recovery.action.");

    public void Settled(RecoveryReason reason, RecoveryAction action) =>
        _settled.Add(1, new KeyValuePair<string, object?>("recovery.reason", reason.ToWire()),
            new KeyValuePair<string, object?>("recovery.action", action.ToString().ToLowerInvariant()));
}
