namespace TlsRptPlatform.Silo.Hosting;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The OpenTelemetry Prometheus exporter's customary port.</summary>
    public const int DefaultMetricsPort = 9464;

    /// <summary>
    /// <c>Telemetry:MetricsPort</c>: the management port that alone serves <c>/metrics</c>; <c>0</c> serves no metrics
    /// over HTTP (OTLP export is unaffected). It must differ from the API's port.
    /// </summary>
    public int MetricsPort { get; set; } = DefaultMetricsPort;
}
