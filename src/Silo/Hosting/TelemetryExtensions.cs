using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TlsRptPlatform.Api.Reports;

namespace TlsRptPlatform.Silo.Hosting;

internal static class TelemetryExtensions
{
    /// <summary>Traces and metrics (DESIGN D9); exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("tlsrpt-platform"))
            .WithMetrics(m =>
            {
                m.AddMeter(IngestionMetrics.MeterName, "Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            });

        // Spans are recorded only when they can go somewhere: recording without an exporter costs CPU on every request.
        if (otlp)
        {
            telemetry.WithTracing(t => t
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }
}
