using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Cluster;

/// <summary>
/// Three silos and a gateway as separate processes on one PostgreSQL. Reports flow through the gateway while one
/// silo is SIGKILLed and later another is stopped with SIGTERM; every acknowledged report is counted exactly once, and
/// scheduled DNS checks go on running on the surviving silo.
/// </summary>
public class FailoverTests
{
    private const int Domains = 12;
    private const int Reports = 240;
    private const int Senders = 6;
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task Acknowledged_reports_survive_a_silo_kill_and_are_counted_once()
    {
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync();
        await using var dns = new TestDnsServer();
        await using var cluster = await ProcessCluster.StartAsync(connectionString, silos: 3, _ => Settings(connectionString, dns));
        var silos = cluster.Silos;
        using var http = new HttpClient { BaseAddress = cluster.Gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var client = await TenantClient.CreateTenantAsync(cluster.Gateway.BaseUrl, "Failover");
        var domains = await client.RegisterDomainsAsync(Domains);

        var acknowledged = new ConcurrentDictionary<string, long>();
        var next = -1;
        Task<int>? graceful = null;

        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < Reports)
            {
                if (n == Reports / 3)
                {
                    await silos[1].KillAsync();
                }
                else if (n == 2 * Reports / 3)
                {
                    // Within Kubernetes' grace period (45 s in deploy/k8s), while load continues.
                    graceful = silos[2].TerminateAsync(TimeSpan.FromSeconds(45));
                }

                var (domain, token) = domains[n % Domains];
                var reportId = "failover-" + n.ToString(CultureInfo.InvariantCulture);
                acknowledged[domain + "/" + reportId] = await DeliverWithRetriesAsync(http, token, Infrastructure.Reports.For("parsedmarc/smtp_tls.json", domain, reportId, Yesterday));
            }
        }));

        Assert.Equal(Reports, acknowledged.Count);
        Assert.Equal(0, await graceful!);
        long counted = 0;
        foreach (var (domain, _) in domains)
        {
            var summary = JsonNode.Parse(await client.GetStringAsync($"/v1/domains/{domain}/summary?from={Yesterday:yyyy-MM-dd}&to={Yesterday:yyyy-MM-dd}"))!;
            counted += (long)summary["reports"]!;
        }

        Assert.Equal(Reports, counted);
        Assert.Equal((Reports, Reports), await cluster.ReportCountsAsync());
        Assert.Equal(Reports, acknowledged.Values.Distinct().Count());

        try
        {
            await AssertScheduledChecksRunAsync(client, dns);
        }
        catch
        {
            var output = silos[0].Output;
            Console.WriteLine("Surviving silo output:\n" + output[Math.Max(0, output.Length - 6000)..]);
            throw;
        }
    }

    /// <summary>A domain registered after the failures is checked by the scheduler, wherever it now runs.</summary>
    private static async Task AssertScheduledChecksRunAsync(HttpClient client, TestDnsServer dns)
    {
        var (name, _) = await client.RegisterDomainAsync();
        dns.AddTxt($"_smtp._tls.{name}", (string)JsonNode.Parse(await client.GetStringAsync($"/v1/domains/{name}"))!["tlsRptRecord"]!);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        bool verified;
        while (!(verified = (bool)JsonNode.Parse(await client.GetStringAsync($"/v1/domains/{name}"))!["verified"]!) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        using var policy = await client.GetAsync($"/v1/domains/{name}/policy");
        Assert.True(verified, $"no scheduled check verified a domain within 90 s of the silo failures; policy: {policy.StatusCode} {await policy.Content.ReadAsStringAsync()}");
    }

    /// <summary>What a sender does: retry until a 2xx. Only server errors and time-outs may happen here.</summary>
    private static async Task<long> DeliverWithRetriesAsync(HttpClient http, string token, byte[] report)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                using var response = await http.PostGzipAsync(token, report);
                if (response.IsSuccessStatusCode)
                {
                    return (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
                }

                Assert.True((int)response.StatusCode >= 500, $"unexpected {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "a report could not be delivered within 120 s of a silo failure");
            await Task.Delay(250);
        }
    }

    private static Dictionary<string, string> Settings(string connectionString, TestDnsServer dns)
    {
        var settings = PlatformProcess.Settings(Path.Combine(Path.GetTempPath(), $"tlsrpt-cluster-{Guid.NewGuid():N}"), connectionString);
        settings["Dns:Servers:0"] = dns.Endpoint.ToString();
        settings["Dns:RecheckInterval"] = "00:00:05";
        settings["Dns:SchedulerTick"] = "00:00:01";
        settings["Dns:Timeout"] = "00:00:02";
        settings["Orleans:ClusterId"] = "failover-test";
        ProcessCluster.DeclareDeadWithinSeconds(settings);
        return settings;
    }
}
