using System.Diagnostics;
using System.Diagnostics.Metrics;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Protocol.Telemetry;

namespace TlsRptPlatform.Grains.Telemetry;

/// <summary>MX probes on the <c>TlsRptPlatform</c> meter, one per address, by outcome; no host names or domains in tags.</summary>
public sealed class ProbeMetrics
{
    private readonly Counter<long> _probes;
    private readonly Histogram<double> _duration;

    public ProbeMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SessionMetrics.MeterName);
        _probes = meter.CreateCounter<long>("tlsrpt.mx.probes", description: "MX address probes, by outcome (tls, no-starttls, handshake-failed, unreachable)");
        _duration = DurationHistogram.Create(meter, "tlsrpt.mx.probe.duration", "Duration of one MX address probe, connect to QUIT");
    }

    public void Record(MxAddressProbe probe, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var outcome = !probe.Reachable ? "unreachable"
            : probe.StartTls == false ? "no-starttls"
            : probe.TlsVersion is null ? "handshake-failed"
            : "tls";
        var tags = new TagList { { "outcome", outcome } };
        _probes.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
