using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
        string apiKey, domain;
        var acknowledged = new List<long>();

        await using (var first = await PlatformProcess.StartAsync(port, settings))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUrl };
            (apiKey, domain, var token) = await OnboardAsync(http);
            for (var i = 0; i < Reports; i++)
            {
                using var response = await http.PostGzipAsync(token, Infrastructure.Reports.For("parsedmarc/smtp_tls.json", domain, $"crash-{i}", Yesterday));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                acknowledged.Add((long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!);
            }

            await first.KillAsync();
        }

        await using var second = await PlatformProcess.StartAsync(port, settings);
        using var tenant = new HttpClient { BaseAddress = second.BaseUrl };
        tenant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}/summary?from=2000-01-01&to=2030-12-31"))!;

        Assert.Equal(Reports, (long)summary["reports"]!);
        foreach (var id in acknowledged)
        {
            using var raw = await tenant.GetAsync($"/v1/domains/{domain}/reports/{id}/raw");
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        }

        await second.KillAsync();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<(string ApiKey, string Domain, string Token)> OnboardAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { name = "Crash" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PlatformFixture.AdminKey);
        using var created = await http.SendAsync(request);
        var apiKey = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["apiKey"]!;

        using var register = new HttpRequestMessage(HttpMethod.Post, "/v1/domains") { Content = JsonContent.Create(new { name = $"crash-{Guid.NewGuid():N}.example" }) };
        register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var domain = await http.SendAsync(register);
        var body = JsonNode.Parse(await domain.Content.ReadAsStringAsync())!;
        return (apiKey, (string)body["name"]!, (string)body["reportToken"]!);
    }
}
