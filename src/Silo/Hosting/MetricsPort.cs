namespace TlsRptPlatform.Silo.Hosting;

/// <summary>
/// <c>/metrics</c> on a management port of its own (<c>Telemetry:MetricsPort</c>), never on the public API port: the
/// numbers reveal platform-wide volume, and whatever the Ingress forwards must not reach them. The port listens on
/// the same interfaces as the API (loopback on a laptop, every interface in a container) and answers nothing else.
/// </summary>
public static class MetricsPort
{
    private const string MetricsPath = "/metrics";

    /// <summary>Adds the management port to the addresses Kestrel listens on; returns it, or 0 when it is off.</summary>
    public static int ListenForMetrics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var port = (builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions()).MetricsPort;
        if (port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Telemetry:MetricsPort must be 0 (off) or a TCP port, not {port}.");
        }

        if (port == 0)
        {
            return 0;
        }

        // Kestrel listens either on the configured URLs or on endpoints set in code, never both; so the management
        // port joins the configured URLs rather than being a Listen() of its own, which would silence them.
        var urls = PublicUrls(builder.Configuration);
        var api = urls.Select(BindingAddress.Parse).ToList();
        if (api.Any(a => a.Port == port))
        {
            throw new InvalidOperationException($"Telemetry:MetricsPort {port} is also the API's port; metrics need a port of their own.");
        }

        builder.Configuration[WebHostDefaults.ServerUrlsKey] = string.Join(';', urls.Append($"http://{api[0].Host}:{port}"));
        return port;
    }

    /// <summary>Serves <c>/metrics</c> on the management port, and 404 for anything else there.</summary>
    public static void MapMetricsPort(this WebApplication app, int port)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (port == 0)
        {
            return;
        }

        // The local port of the connection, not the Host header: a client of the public port can send any Host.
        app.MapWhen(context => context.Connection.LocalPort == port, metrics =>
        {
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == MetricsPath);
            metrics.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }

    private static List<string> PublicUrls(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        // ASPNETCORE_HTTP_PORTS, as the .NET container images set it; otherwise Kestrel's own default.
        var ports = configuration[WebHostDefaults.HttpPortsKey];
        return string.IsNullOrWhiteSpace(ports)
            ? ["http://localhost:5000"]
            : [.. ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}")];
    }
}
