using System.Net;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Api;

/// <summary>An acknowledged report survives SIGKILL right after its 2xx, on both stores (DESIGN D3).</summary>
public class CrashTests
{
    private const int Reports = 25;

    // Within the default retention period that the restarted process prunes to at start-up.
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public Task Acknowledged_reports_survive_a_kill_on_the_embedded_store() => KillAndRestartAsync(connectionString: null);

    [Fact]
    public async Task Acknowledged_reports_survive_a_kill_on_postgresql() =>
        await KillAndRestartAsync(await PostgresServer.Instance.CreateDatabaseAsync());

    private static async Task KillAndRestartAsync(string? connectionString)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-crash-{Guid.NewGuid():N}");
        var settings = PlatformProcess.Settings(dataDirectory, connectionString);
        var port = FreePort.Next();
        HttpClient tenant;
        string domain;
        var acknowledged = new List<long>();

        await using (var first = await PlatformProcess.StartAsync(port, settings))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUrl };
            tenant = await TenantClient.CreateTenantAsync(first.BaseUrl, "Crash");
            string token;
            (domain, token) = await tenant.RegisterDomainAsync();
            for (var i = 0; i < Reports; i++)
            {
                using var response = await http.PostGzipAsync(token, Infrastructure.Reports.For("parsedmarc/smtp_tls.json", domain, $"crash-{i}", Yesterday));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                acknowledged.Add((long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!);
            }

            await first.KillAsync();
        }

        await using var second = await PlatformProcess.StartAsync(port, settings);
        var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}/summary?from=2000-01-01&to=2030-12-31"))!;

        Assert.Equal(Reports, (long)summary["reports"]!);
        foreach (var id in acknowledged)
        {
            using var raw = await tenant.GetAsync($"/v1/domains/{domain}/reports/{id}/raw");
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        }

        await second.KillAsync();
        tenant.Dispose();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
