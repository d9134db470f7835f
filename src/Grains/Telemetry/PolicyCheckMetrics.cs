using System.Diagnostics;
using System.Diagnostics.Metrics;
using TlsRptPlatform.Protocol.Telemetry;

namespace TlsRptPlatform.Grains.Telemetry;

/// <summary>Policy checks on the <c>TlsRptPlatform</c> meter, by outcome and trigger; no domain names in tags.</summary>
public sealed class PolicyCheckMetrics
{
    private readonly Counter<long> _checks;
    private readonly Histogram<double> _duration;

    public PolicyCheckMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // The factory owns the meter (and shares it by name), so it is not disposed here.
        var meter = meters.Create(SessionMetrics.MeterName);
        _checks = meter.CreateCounter<long>("tlsrpt.policy.checks", description: "DNS policy checks, by outcome (ok, lookup-failed) and trigger (scheduled, manual)");
        _duration = DurationHistogram.Create(meter, "tlsrpt.policy.check.duration", "Duration of a DNS policy check");
    }

    public void Record(bool lookupsFailed, bool scheduled, TimeSpan elapsed)
    {
        var tags = new TagList { { "outcome", lookupsFailed ? "lookup-failed" : "ok" }, { "trigger", scheduled ? "scheduled" : "manual" } };
        _checks.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
