using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Api;

/// <summary>
/// Group commit (issue 17) under SIGKILL: many senders to many domains, the process killed while transactions of
/// several reports are in flight. Every report acknowledged before the kill is stored, and every report sent (again)
/// after the restart is counted exactly once, on both stores.
/// </summary>
public partial class GroupCommitCrashTests
{
    private const int Domains = 8;
    private const int Senders = 24;
    private const long Successful = 10;
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public Task A_kill_during_shared_transactions_loses_and_doubles_nothing_on_the_embedded_store() => KillDuringBatchesAsync(connectionString: null);

    [Fact]
    public async Task A_kill_during_shared_transactions_loses_and_doubles_nothing_on_postgresql() =>
        await KillDuringBatchesAsync(await PostgresServer.Instance.CreateDatabaseAsync());

    private static async Task KillDuringBatchesAsync(string? connectionString)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-group-{Guid.NewGuid():N}");
        var settings = PlatformProcess.Settings(dataDirectory, connectionString);
        var metricsUrl = new Uri($"http://127.0.0.1:{settings["Telemetry:MetricsPort"]}");
        var port = FreePort.Next();
        var sent = new ConcurrentDictionary<string, (string Domain, string Token)>();
        var acknowledged = new ConcurrentDictionary<string, long>();
        var domains = new List<(string Name, string Token)>();
        HttpClient tenant;

        await using (var first = await PlatformProcess.StartAsync(port, settings))
        {
            tenant = await TenantClient.CreateTenantAsync(first.BaseUrl, "Group commit");
            for (var i = 0; i < Domains; i++)
            {
                domains.Add(await tenant.RegisterDomainAsync());
            }

            using var http = new HttpClient { BaseAddress = first.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
            using var stop = new CancellationTokenSource();
            var next = 0;
            var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref next);
                    var (domain, token) = domains[n % Domains];
                    var id = $"group-{n}";
                    sent[id] = (domain, token);
                    try
                    {
                        using var response = await http.PostJsonAsync(token, Reports.WithSessions(domain, id, Yesterday, Successful, 1));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[id] = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The kill: this report's fate is unknown to its sender, who sends it again below.
                    }
                }
            })).ToList();

            // Only once transactions have carried several reports does the kill hit the shared path.
            await Eventually.TrueAsync(
                async () => acknowledged.Count > 200 && await ReportsPerTransactionAsync(metricsUrl) > 1.5, what: "transactions of several reports");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await first.KillAsync();
            stop.Cancel();
            await Task.WhenAll(senders);
        }

                await using var second = await PlatformProcess.StartAsync(port, settings);
        using (var http = new HttpClient { BaseAddress = second.BaseUrl })
        {
            // Every report again, as senders retry: an acknowledged one must be a duplicate with its first id.
            await Parallel.ForEachAsync(sent, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, _) =>
            {
                using var response = await http.PostJsonAsync(entry.Value.Token, Reports.WithSessions(entry.Value.Domain, entry.Key, Yesterday, Successful, 1));
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (acknowledged.TryGetValue(entry.Key, out var id))
                {
                    Assert.Equal((HttpStatusCode.OK, "duplicate", id), (response.StatusCode, (string?)body["status"], (long)body["id"]!));
                }
                else
                {
                    Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{entry.Key}: {response.StatusCode}");
                }
            });
        }

        foreach (var (domain, _) in domains)
        {
            var expected = sent.Count(s => s.Value.Domain == domain);
            var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}/summary?from=2000-01-01&to=2030-12-31"))!;
            Assert.Equal(
                (expected, expected * Successful, (long)expected),
                ((long)summary["reports"]!, (long)summary["successfulSessions"]!, (long)summary["failedSessions"]!));
        }

        await second.KillAsync();
        tenant.Dispose();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Mean reports per archive transaction so far, from the process's Prometheus histogram.</summary>
    private static async Task<double> ReportsPerTransactionAsync(Uri metricsUrl)
    {
        using var scraper = new HttpClient { BaseAddress = metricsUrl };
        var text = await scraper.GetStringAsync("/metrics");
        double Read(string suffix) => BatchSize().Matches(text).Where(m => m.Groups[1].Value == suffix)
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var count = Read("count");
        return count == 0 ? 0 : Read("sum") / count;
    }

    [GeneratedRegex(@"^tlsrpt_archive_batch_size\w*?_(sum|count)(?:\{[^}]*\})? (\S+)", RegexOptions.Multiline)]
    private static partial Regex BatchSize();
}
