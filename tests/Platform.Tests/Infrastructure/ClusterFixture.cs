using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using TlsRptPlatform.Grains.Hosting;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>A two-silo Orleans test cluster configured exactly like production (UsePlatformSilo) on a fresh PostgreSQL database.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Instance.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Platform"] = ConnectionString, ["Retention:Days"] = "36500", ["Dns:RecheckInterval"] = "00:00:00", ["Dns:Servers:0"] = PlatformFixture.NoDnsServer })
            .Build();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.UsePlatformSilo(configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
