using System.Net;
using Orleans.Configuration;
using TlsRptPlatform.Grains.Hosting;

namespace TlsRptPlatform.Silo.Hosting;

/// <summary>
/// How processes find each other. Without a database: one silo on localhost. With <c>ConnectionStrings:Platform</c>:
/// membership in PostgreSQL (ADO.NET clustering), addresses from configuration or the Kubernetes downward API
/// (POD_IP, POD_NAME), so that no Kubernetes API access is needed.
/// </summary>
internal static class ClusterHosting
{
    public static ISiloBuilder UsePlatformClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var siloPort = configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", 30000);
        var connectionString = configuration.GetConnectionString("Platform");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return silo.UseLocalhostClustering(siloPort, gatewayPort);
        }

        var podIp = configuration["POD_IP"];
        var advertised = IPAddress.Parse(configuration["Orleans:AdvertisedAddress"] ?? podIp ?? IPAddress.Loopback.ToString());
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
        });
        // In a pod, listen on all interfaces and advertise the pod IP; on one machine, loopback only.
        silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: podIp is not null);
        silo.Configure<SiloOptions>(o => o.SiloName = configuration["POD_NAME"] ?? $"{Environment.MachineName}-{siloPort}");
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        // How long a grain call may wait for its answer (default 30 s): also how long calls to a silo that hangs wait.
        silo.Services.Configure<SiloMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
        return silo;
    }

    public static IClientBuilder UsePlatformClustering(this IClientBuilder client, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Platform");
        client.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = PlatformSiloExtensions.ServiceId;
            o.ClusterId = configuration["Orleans:ClusterId"] ?? "default";
        });
        client.Services.Configure<ClientMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
        // How soon the gateway role drops a silo the cluster has declared dead from the silos it sends through.
        client.Services.Configure<GatewayOptions>(configuration.GetSection("Orleans:Gateway"));
        return string.IsNullOrWhiteSpace(connectionString)
            ? client.UseLocalhostClustering(configuration.GetValue("Orleans:GatewayPort", 30000))
            : client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
    }
}
