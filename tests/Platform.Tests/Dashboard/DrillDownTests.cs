using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>
/// Issue 16's API: the drill-down filters on /summary, /daily and /reports, per-organization rates, the overview and the
/// result types, over real HTTP, once per store.
/// </summary>
public abstract class DrillDownTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
    private static readonly string Range = $"from={Day.AddDays(-3):yyyy-MM-dd}&to={Day.AddDays(3):yyyy-MM-dd}";

    [Fact]
    public async Task A_result_type_and_an_MX_narrow_the_summary_the_series_and_the_report_list()
    {
        using var tenant = await platform.NewTenantAsync();
        var name = await SeedAsync(tenant);

        var all = await GetAsync(tenant, $"/v1/domains/{name}/summary?{Range}");
        var byType = await GetAsync(tenant, $"/v1/domains/{name}/summary?{Range}&resultType=validation-failure");
        var byTypeAndMx = await GetAsync(tenant, $"/v1/domains/{name}/summary?{Range}&resultType=validation-failure&receivingMx=MX2.{name}.");
        var daily = (JsonArray)await GetAsync(tenant, $"/v1/domains/{name}/daily?{Range}&resultType=validation-failure");
        var reports = (JsonArray)await GetAsync(tenant, $"/v1/domains/{name}/reports?{Range}&resultType=certificate-expired");
        var bySender = (JsonArray)await GetAsync(tenant, $"/v1/domains/{name}/reports?{Range}&sendingIp=192.0.2.3");

        Assert.Equal(100, (long)all["failedSessions"]!);
        Assert.Equal(80, (long)byType["failedSessions"]!);
        Assert.Equal(2, (long)byType["reports"]!);
        Assert.Equal(Math.Round(80.0 / 1110, 6), (double)byType["failureRate"]!, 6);
        Assert.Equal(30, (long)byType["byReceivingMx"]![$"mx1.{name}"]!);
        Assert.Equal(50, (long)byType["byReceivingMx"]![$"mx2.{name}"]!);
        Assert.Null(byType["byResultType"]!["certificate-expired"]);
        Assert.Equal("validation-failure", (string?)byType["filter"]!["resultType"]);
        Assert.Equal(50, (long)byTypeAndMx["failedSessions"]!);
        Assert.Equal(["Small Sender"], byTypeAndMx["byOrganization"]!.AsObject().Select(p => p.Key));
        Assert.Equal(80, daily.Single(d => (string?)d!["day"] == Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))!["failedSessions"]!.GetValue<long>());
        Assert.Equal(0, daily.Where(d => (string?)d!["day"] != Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Sum(d => (long)d!["failedSessions"]!));
        Assert.Equal(["Big Sender"], reports.Select(r => (string)r!["organization"]!));
        Assert.Equal(["Small Sender"], bySender.Select(r => (string)r!["organization"]!));
    }

    [Fact]
    public async Task The_summary_gives_each_organization_its_rate_and_an_organization_filters_the_page()
    {
        using var tenant = await platform.NewTenantAsync();
        var name = await SeedAsync(tenant);

        var all = await GetAsync(tenant, $"/v1/domains/{name}/summary?{Range}");
        var small = await GetAsync(tenant, $"/v1/domains/{name}/summary?{Range}&organization=Small%20Sender");
        var page = (JsonArray)await GetAsync(tenant, $"/v1/domains/{name}/reports?{Range}&limit=1&offset=1");

        var rates = ((JsonArray)all["organizations"]!).ToDictionary(o => (string)o!["organization"]!, o => (double)o!["failureRate"]!);
        Assert.Equal(Math.Round(50.0 / 1050, 6), rates["Big Sender"], 6);
        Assert.Equal(Math.Round(50.0 / 60, 6), rates["Small Sender"], 6);
        Assert.Equal(10, (long)small["successfulSessions"]!);
        Assert.Equal(50, (long)small["failedSessions"]!);
        Assert.Equal(50, (long)small["bySendingIp"]!["192.0.2.3"]!);
        Assert.Single(page);
    }

    [Fact]
    public async Task Filters_are_bounded_and_validated()
    {
        using var tenant = await platform.NewTenantAsync();
        var name = await SeedAsync(tenant);

        foreach (var query in new[] { "resultType=" + new string('a', 256), "organization=a%0Ab", "receivingMx=%20mx", "sendingIp=" })
        {
            foreach (var route in new[] { "summary", "daily", "reports" })
            {
                using var response = await tenant.GetAsync($"/v1/domains/{name}/{route}?{query}");
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("urn:tlsrpt-platform:problem:invalid-request", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]);
            }
        }

        using var deep = await tenant.GetAsync($"/v1/domains/{name}/reports?offset=1000001");
        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
    }

    [Fact]
    public async Task Another_tenant_sees_nothing_through_filters_or_the_overview()
    {
        using var owner = await platform.NewTenantAsync();
        using var other = await platform.NewTenantAsync();
        var name = await SeedAsync(owner);

        foreach (var route in new[] { "summary", "daily", "reports" })
        {
            using var response = await other.GetAsync($"/v1/domains/{name}/{route}?{Range}&resultType=validation-failure");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var overview = await GetAsync(other, $"/v1/overview?{Range}");
        Assert.Empty((JsonArray)overview["domains"]!);
        Assert.Empty((JsonArray)overview["needsAttention"]!);
    }

    [Fact]
    public async Task The_overview_lists_every_domain_with_its_rate_and_ranks_a_failure_spike()
    {
        using var tenant = await platform.NewTenantAsync();
        var failing = await SeedAsync(tenant);
        var (quiet, _) = await tenant.RegisterDomainAsync();

        var overview = await GetAsync(tenant, $"/v1/overview?{Range}");

        var domains = ((JsonArray)overview["domains"]!).ToDictionary(d => (string)d!["domain"]!);
        Assert.Equal(1110, (long)domains[failing]!["successfulSessions"]! + (long)domains[failing]!["failedSessions"]!);
        Assert.Equal(Math.Round(100.0 / 1110, 6), (double)domains[failing]!["failureRate"]!, 6);
        Assert.Equal(100, ((JsonArray)domains[failing]!["trend"]!).Sum(t => (long)t!["failedSessions"]!));
        Assert.Equal(0, (long)domains[quiet]!["failedSessions"]!);
        var spike = ((JsonArray)overview["needsAttention"]!).First(i => (string?)i!["kind"] == "failure-spike")!;
        Assert.Equal(failing, (string?)spike["domain"]);
        Assert.Equal("error", (string?)spike["severity"]);
        Assert.Contains($"from={Day.AddDays(-3):yyyy-MM-dd}", (string?)spike["link"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Result_types_are_served_with_meaning_and_fix_to_tenants_only()
    {
        using var tenant = await platform.NewTenantAsync();

        var types = (JsonArray)await GetAsync(tenant, "/v1/result-types");
        using var anonymous = await platform.Http.GetAsync("/v1/result-types");

        var validation = types.Single(t => (string?)t!["resultType"] == "validation-failure")!;
        Assert.False(string.IsNullOrWhiteSpace((string?)validation["meaning"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)validation["fix"]));
        Assert.Equal(11, types.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>
    /// Two senders on one day: a big one (1,000 ok; 30 validation-failure at mx1 from .1, 20 certificate-expired at mx2
    /// from .2) and a small one (10 ok; 50 validation-failure at mx2 from .3).
    /// </summary>
    private static async Task<string> SeedAsync(HttpClient tenant)
    {
        var (name, token) = await tenant.RegisterDomainAsync();
        using var big = await tenant.PostJsonAsync(token, Report(name, "Big Sender", 1000,
            ("validation-failure", $"mx1.{name}", "192.0.2.1", 30), ("certificate-expired", $"mx2.{name}", "192.0.2.2", 20)));
        using var small = await tenant.PostJsonAsync(token, Report(name, "Small Sender", 10, ("validation-failure", $"mx2.{name}", "192.0.2.3", 50)));
        big.EnsureSuccessStatusCode();
        small.EnsureSuccessStatusCode();
        return name;
    }

    private static byte[] Report(string domain, string organization, long successful, params (string Type, string Mx, string Ip, long Count)[] failures)
    {
        var details = new JsonArray();
        foreach (var f in failures)
        {
            details.Add(new JsonObject { ["result-type"] = f.Type, ["sending-mta-ip"] = f.Ip, ["receiving-mx-hostname"] = f.Mx, ["failed-session-count"] = f.Count });
        }

        var report = new JsonObject
        {
            ["organization-name"] = organization,
            ["date-range"] = new JsonObject { ["start-datetime"] = $"{Day:yyyy-MM-dd}T00:00:00Z", ["end-datetime"] = $"{Day:yyyy-MM-dd}T23:59:59Z" },
            ["contact-info"] = "tlsrpt@reporter.test",
            ["report-id"] = Guid.NewGuid().ToString("N"),
            ["policies"] = new JsonArray(new JsonObject
            {
                ["policy"] = new JsonObject { ["policy-type"] = "sts", ["policy-string"] = new JsonArray("version: STSv1", "mode: enforce"), ["policy-domain"] = domain },
                ["summary"] = new JsonObject { ["total-successful-session-count"] = successful, ["total-failure-session-count"] = failures.Sum(f => f.Count) },
                ["failure-details"] = details,
            }),
        };
        return Encoding.UTF8.GetBytes(report.ToJsonString());
    }

    private static async Task<JsonNode> GetAsync(HttpClient tenant, string path)
    {
        using var response = await tenant.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}

public sealed class SqliteDrillDownTests(SqlitePlatform platform) : DrillDownTests<SqlitePlatform>(platform);

public sealed class PostgresDrillDownTests(PostgresPlatform platform) : DrillDownTests<PostgresPlatform>(platform);
