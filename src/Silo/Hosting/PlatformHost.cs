using TlsRptPlatform.Api.Health;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Grains.Hosting;

namespace TlsRptPlatform.Silo.Hosting;

/// <summary>Builds the one-process platform: an Orleans silo and the HTTP API (DESIGN D1).</summary>
public static class PlatformHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        builder.UseOrleans(silo => silo
            .UsePlatformSilo(configuration)
            .UseLocalhostClustering(
                siloPort: configuration.GetValue("Orleans:SiloPort", 11111),
                gatewayPort: configuration.GetValue("Orleans:GatewayPort", 30000))
            .AddActivityPropagation());
        builder.Services.AddPlatformApi(configuration);
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [HealthApi.ReadyTag]);
        builder.Services.AddPlatformTelemetry(configuration);

        var app = builder.Build();
        app.MapPlatformApi();
        return app;
    }
}
