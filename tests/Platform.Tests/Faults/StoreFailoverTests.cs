using System.Net;
using Npgsql;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>
/// The PostgreSQL primary is lost under steady load and its synchronous standby promoted; the platform, given both hosts
/// with <c>Target Session Attributes=primary</c>, follows without a restart (issue 18).
/// </summary>
public sealed class StoreFailoverTests(ITestOutputHelper output)
{
    private const string StandbyName = "tlsrpt_standby";
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task When_the_primary_dies_and_the_standby_is_promoted_ingestion_follows_and_nothing_acknowledged_is_lost()
    {
        using var primary = PostgresServer.StartPrivate();
        var single = new NpgsqlConnectionStringBuilder(await primary.CreateDatabaseAsync());
        using var standby = PostgresServer.StartStandbyOf(primary, StandbyName);
        // Synchronous: a commit returns only once the standby has it, so an acknowledged report survives the failover.
        await primary.ScalarAsync($"ALTER SYSTEM SET synchronous_standby_names = '{StandbyName}'");
        await primary.ScalarAsync("SELECT pg_reload_conf()");
        await Eventually.TrueAsync(
            async () => (string?)await primary.ScalarAsync($"SELECT sync_state FROM pg_stat_replication WHERE application_name = '{StandbyName}'") == "sync",
            what: "the standby to replicate synchronously");
        var both = new NpgsqlConnectionStringBuilder(single.ConnectionString)
        {
            Host = $"127.0.0.1:{primary.Port},127.0.0.1:{standby.Port}",
            TargetSessionAttributes = "primary",
            // How long Npgsql trusts what it last saw of a host (default 10 s): after the promotion, the old standby
            // is taken for a standby until then. Shorter means recovery sooner for a little more probing.
            HostRecheckSeconds = 2,
        };

        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-failover-{Guid.NewGuid():N}");
        await using var platform = await PlatformProcess.StartAsync(FreePort.Next(), PlatformProcess.Settings(dataDirectory, both.ConnectionString));
        using var tenant = await TenantClient.CreateTenantAsync(platform.BaseUrl, "Failover");
        var domains = await tenant.RegisterDomainsAsync(16);

        TimeSpan lost, promoted, recovered;
        var senders = new SteadySenders(platform.BaseUrl, domains, Yesterday, senders: 8);
        await using (senders)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            primary.Kill();
            lost = senders.Now;
            await Task.Delay(TimeSpan.FromSeconds(2));
            standby.Promote();
            promoted = senders.Now;
            recovered = await senders.RecoveryAfterAsync(promoted, seconds: 90);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        output.WriteLine($"answers {senders.Describe()}; primary lost at {lost.TotalSeconds:F1} s, standby promoted {(promoted - lost).TotalSeconds:F1} s later; first 2xx {recovered.TotalSeconds:F2} s after the promotion");
        Assert.NotEmpty(senders.Acknowledged);
        FaultAssertions.OnlyAcknowledgedOrRetryLater(senders);
        await FaultAssertions.NothingAcknowledgedIsLostAsync(tenant, senders, Yesterday);
        using var ready = await tenant.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
