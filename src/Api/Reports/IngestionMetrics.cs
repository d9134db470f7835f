using System.Diagnostics;
using System.Diagnostics.Metrics;
using TlsRptPlatform.Protocol.Telemetry;

namespace TlsRptPlatform.Api.Reports;

/// <summary>Counters on the <c>TlsRptPlatform</c> meter. Tags never carry tenant ids or domain names (cardinality).</summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "TlsRptPlatform";
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _latency;

    public IngestionMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // The factory owns the meter (and shares it by name), so it is not disposed here.
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("tlsrpt.reports.accepted", description: "Reports archived, by channel and whether they were duplicates");
        _rejected = meter.CreateCounter<long>("tlsrpt.reports.rejected", description: "Submissions refused, by channel and reason");
        _latency = DurationHistogram.Create(meter, "tlsrpt.ingest.duration", "Time from request to durable acknowledgement");
    }

    public void Accepted(string channel, bool duplicate, TimeSpan elapsed)
    {
        _accepted.Add(1, new TagList { { "channel", channel }, { "duplicate", duplicate } });
        _latency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));
    }

    public void Rejected(string channel, string reason) =>
        _rejected.Add(1, new TagList { { "channel", channel }, { "reason", reason } });

}
