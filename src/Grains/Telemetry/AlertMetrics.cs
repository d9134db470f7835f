using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TlsRptPlatform.Grains.Telemetry;

/// <summary>Alerts on the <c>TlsRptPlatform</c> meter: fired by kind, deliveries by channel kind and outcome.</summary>
public sealed class AlertMetrics
{
    private readonly Counter<long> _fired;
    private readonly Counter<long> _deliveries;

    public AlertMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SessionMetrics.MeterName);
        _fired = meter.CreateCounter<long>("tlsrpt.alerts.fired", description: "Alerts that fired, by kind");
        _deliveries = meter.CreateCounter<long>(
            "tlsrpt.alerts.deliveries", description: "Alert delivery attempts, by channel kind and outcome (sent, retry, failed)");
    }

    public void Fired(string kind) => _fired.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Delivery(string channelKind, string outcome) =>
        _deliveries.Add(1, new TagList { { "channel", channelKind }, { "outcome", outcome } });
}
