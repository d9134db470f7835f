using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>PostgreSQL restarts under steady load, with the platform as its own process (issue 18).</summary>
public sealed class StoreRestartTests(ITestOutputHelper output)
{
    private const int Senders = 8;
    private const int Domains = 16;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(6);
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task While_PostgreSQL_is_down_senders_get_503_with_Retry_After_and_after_it_nothing_acknowledged_is_lost()
    {
        using var store = PostgresServer.StartPrivate();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-restart-{Guid.NewGuid():N}");
        await using var platform = await PlatformProcess.StartAsync(FreePort.Next(), PlatformProcess.Settings(dataDirectory, await store.CreateDatabaseAsync()));
        using var tenant = await TenantClient.CreateTenantAsync(platform.BaseUrl, "Restart");
        var domains = new List<(string Name, string Token)>();
        for (var i = 0; i < Domains; i++)
        {
            domains.Add(await tenant.RegisterDomainAsync());
        }

        using var http = new HttpClient { BaseAddress = platform.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var answers = new ConcurrentBag<(TimeSpan At, HttpStatusCode Status, bool RetryAfter)>();
        var acknowledged = new ConcurrentBag<(string Domain, long Id)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var next = -1;
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                var (name, token) = domains[n % Domains];
                using var response = await http.PostJsonAsync(token, Reports.WithSessions(name, $"restart-{n}", Yesterday, 10, 1));
                answers.Add((clock.Elapsed, response.StatusCode, response.Headers.RetryAfter is not null));
                if (response.IsSuccessStatusCode)
                {
                    acknowledged.Add((name, (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!));
                }
                else
                {
                    await Task.Delay(100);
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        store.Stop();
        var down = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));
        using (var ready = await http.GetAsync("/health/ready"))
        using (var summary = await tenant.GetAsync($"/v1/domains/{domains[0].Name}/summary"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
            Assert.Equal("application/problem+json", summary.Content.Headers.ContentType?.MediaType);
        }

        await Task.Delay(Outage - TimeSpan.FromSeconds(2));
        store.Resume();
        var up = clock.Elapsed;
        await Eventually.TrueAsync(() => answers.Any(a => a.At > up && (int)a.Status / 100 == 2), seconds: 60, what: "ingestion to recover");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var recovered = answers.Where(a => a.At > up && (int)a.Status / 100 == 2).Min(a => a.At) - up;
        var byStatus = answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"answers {string.Join(", ", byStatus)}; outage {(up - down).TotalSeconds:F1} s; first 2xx {recovered.TotalSeconds:F2} s after PostgreSQL was back");
        Assert.DoesNotContain(answers, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.RetryAfter, "a 503 without Retry-After"));

        // Every acknowledged report is there, with its id, once PostgreSQL is back; nothing is counted twice.
        foreach (var group in acknowledged.GroupBy(a => a.Domain))
        {
            var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{group.Key}/summary?from={Yesterday:yyyy-MM-dd}&to={Yesterday:yyyy-MM-dd}"))!;
            Assert.True((long)summary["reports"]! >= group.Count(), $"{group.Key}: {summary["reports"]} stored, {group.Count()} acknowledged");
            Assert.Equal((long)summary["reports"]! * 10, (long)summary["successfulSessions"]!);
            var stored = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{group.Key}/reports?from={Yesterday:yyyy-MM-dd}&to={Yesterday:yyyy-MM-dd}&limit=1000"))!
                .AsArray().Select(r => (long)r!["id"]!).ToHashSet();
            Assert.All(group, a => Assert.Contains(a.Id, stored));
        }
    }
}
