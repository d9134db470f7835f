using TlsRptPlatform.Api.Health;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Imports;
using TlsRptPlatform.Api.Mail;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Silo.Hosting;

/// <summary>Builds a platform process in the role <c>Platform:Role</c> asks for (DESIGN D1).</summary>
public static class PlatformHost
{
    /// <summary><c>migrate</c>: apply the schema migrations and exit (the Kubernetes migration Job runs this).</summary>
    public static async Task<int> MigrateAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddPlatformStorage(builder.Configuration);
        using var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        return 0;
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings files ship beside the binaries; the working directory only anchors relative data paths.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        // SIGTERM: readiness turns false at once, in-flight requests finish, grains deactivate; Kubernetes' grace
        // period (deploy/k8s: 45 s) must be longer than this.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var configuration = builder.Configuration;
        var role = configuration.GetValue("Platform:Role", PlatformRole.All);

        builder.Services.AddPlatformStorage(configuration);
        builder.Services.AddHostedService<SchemaMigrationService>();
        if (role == PlatformRole.Policy)
        {
            return BuildPolicyHost(builder);
        }

        if (role == PlatformRole.Gateway)
        {
            builder.UseOrleansClient(client => client.UsePlatformClustering(configuration).AddActivityPropagation());
        }
        else
        {
            builder.UseOrleans(silo => silo
                .UsePlatformSilo(configuration)
                .UsePlatformClustering(configuration)
                .AddActivityPropagation());
            builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [HealthApi.ReadyTag, HealthApi.StartupTag]);
            builder.Services.FilterWatchdogStartupRace();
        }

        builder.Services.AddPlatformApi(configuration);
        if (role != PlatformRole.Silo)
        {
            builder.Services.AddReportMail(configuration);
            builder.Services.AddImports(configuration);
        }
        builder.Services.AddPlatformTelemetry(configuration);
        var metricsPort = builder.ListenForMetrics();

        var app = builder.Build();
        app.MapMetricsPort(metricsPort);
        app.MapPlatformApi(withTenantApi: role != PlatformRole.Silo);
        return app;
    }

    /// <summary><c>Platform:Role=policy</c>: policies and health from the store, for a policy host kept apart from the API.</summary>
    private static WebApplication BuildPolicyHost(WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddPlatformHealth();
        builder.Services.AddPolicyHosting(builder.Configuration);
        builder.Services.AddPlatformTelemetry(builder.Configuration);
        var metricsPort = builder.ListenForMetrics();
        var app = builder.Build();
        app.MapMetricsPort(metricsPort);
        app.MapPolicyHostRole();
        return app;
    }
}
