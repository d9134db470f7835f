using System.Diagnostics.Metrics;

namespace TlsRptPlatform.Protocol.Telemetry;

/// <summary>
/// Histograms of durations in seconds, with buckets from 1 ms to a minute. Without advice the OpenTelemetry SDK uses its
/// default boundaries (0, 5, 10, 25 … 10,000), made for milliseconds: every duration in seconds fell into the first
/// bucket, and <c>/metrics</c> could not tell a 2 ms acknowledgement from a 2 s stall.
/// </summary>
public static class DurationHistogram
{
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60],
    };

    public static Histogram<double> Create(Meter meter, string name, string description) =>
        meter.CreateHistogram(name, unit: "s", description: description, advice: Seconds);
}
