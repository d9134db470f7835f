using System.Net;
using Npgsql;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>
/// One silo of three hangs (SIGSTOP, as a paused VM or a stuck disk) under load through a gateway, then runs on
/// (SIGCONT) after the cluster has declared it dead (issue 18). Measured with Orleans' default membership settings and
/// with the tuned ones of docs/OPERATIONS.md.
/// </summary>
public sealed class SiloHangTests(ITestOutputHelper output)
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Theory]
    [InlineData("tuned", 12)]
    [InlineData("default", 45)]
    public async Task A_hanging_silo_stalls_calls_to_it_for_at_most_the_response_timeout_and_nothing_is_lost_or_counted_twice(string membership, int hangSeconds)
    {
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync();
        await using var cluster = await ProcessCluster.StartAsync(connectionString, silos: 3, _ => Settings(connectionString, membership));
        var silos = cluster.Silos;
        using var tenant = await TenantClient.CreateTenantAsync(cluster.Gateway.BaseUrl, "Hang");
        var domains = await tenant.RegisterDomainsAsync(16);

        TimeSpan paused;
        var senders = new SteadySenders(cluster.Gateway.BaseUrl, domains, Yesterday, senders: 8);
        await using (senders)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await silos[1].PauseAsync();
            paused = senders.Now;
            await Task.Delay(TimeSpan.FromSeconds(hangSeconds));
            await silos[1].ContinueAsync();
            // Declared dead while it hung, the silo learns so when it runs again and stops itself; one that was
            // not declared dead yet simply goes on as a member.
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await silos[1].WaitForExitAsync(exit.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var afterPause = senders.Answers.Where(a => a.At - a.Took >= paused).ToList();
        output.WriteLine(
            $"{membership} membership: answers {senders.Describe()}; after the pause: {afterPause.Count(a => (int)a.Status / 100 == 2)} acknowledged, " +
            $"{afterPause.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} × 503, longest wait {afterPause.Max(a => a.Took).TotalSeconds:F1} s");
        FaultAssertions.OnlyAcknowledgedOrRetryLater(senders);
        var status = await MembershipStatusAsync(connectionString, silos[1]);
        output.WriteLine($"after SIGCONT the silo {(silos[1].HasExited ? "stopped itself" : "runs on")}; its membership row says {status}");
        Assert.True(silos[1].HasExited ? status == Dead : status == Active, $"the silo {(silos[1].HasExited ? "stopped" : "runs")} with status {status}");
        Assert.Contains(afterPause, a => (int)a.Status / 100 == 2);
        await FaultAssertions.NothingAcknowledgedIsLostAsync(tenant, senders, Yesterday);
        var (stored, counted) = await cluster.ReportCountsAsync();
        Assert.Equal(stored, counted);
    }

    private const int Active = 3;
    private const int Dead = 6;

    /// <summary>The silo's row in Orleans' membership table (SiloStatus: 3 active, 6 dead).</summary>
    private static async Task<int> MembershipStatusAsync(string connectionString, PlatformProcess silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM orleansmembershiptable WHERE port = @port ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("port", silo.SiloPort);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Settings(string connectionString, string membership)
    {
        var settings = PlatformProcess.Settings(Path.Combine(Path.GetTempPath(), $"tlsrpt-hang-{Guid.NewGuid():N}"), connectionString);
        settings["Orleans:ClusterId"] = $"hang-{membership}";
        // Eight senders on one address for over a minute pass the per-address limit, which is not what is measured.
        settings["Ingestion:RateLimit:PerAddressPerMinute"] = "0";
        if (membership == "tuned")
        {
            ProcessCluster.DeclareDeadWithinSeconds(settings);
            settings["Orleans:Messaging:ResponseTimeout"] = "00:00:10";
            settings["Orleans:Gateway:GatewayListRefreshPeriod"] = "00:00:02";
        }

        return settings;
    }
}
