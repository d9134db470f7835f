using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>The resolver goes away under scheduled checks and comes back (issue 18).</summary>
public sealed class ResolverOutageTests(ResolverOutagePlatform platform) : IClassFixture<ResolverOutagePlatform>
{
    private const string Policy = "version: STSv1\r\nmode: enforce\r\nmx: *.{0}\r\nmax_age: 604800\r\n";

    [Fact]
    public async Task While_the_resolver_is_gone_checks_say_unknown_never_missing_ingestion_goes_on_and_checks_recover()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, token) = await tenant.RegisterDomainAsync();
        var registered = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}"))!;
        platform.Dns.AddTxt($"_smtp._tls.{domain}", (string)registered["tlsRptRecord"]!);
        platform.Dns.AddTxt($"_mta-sts.{domain}", "v=STSv1; id=20261130");
        platform.Dns.AddA($"mta-sts.{domain}", IPAddress.Loopback);
        platform.PolicyServer.Serve(domain, string.Format(CultureInfo.InvariantCulture, Policy, domain));
        platform.Dns.AddMx(domain, 10, $"mx1.{domain}");
        await PolicyAsync(tenant, domain, p => Status(p, "tlsRpt") == "valid" && Status(p, "mtaSts") == "valid", "the first scheduled check to see valid policies");

        // A scheduled check may have met the domain before its records were added: only what the outage changed counts.
        var historyBefore = (await HistoryAsync(tenant, domain)).Count;
        platform.Dns.Silent = true;
        try
        {
            var during = await PolicyAsync(tenant, domain, p => Codes(p).Contains("dns-lookup-failed"), "a scheduled check to meet the silent resolver");
            Assert.NotEqual("missing", Status(during, "tlsRpt"));
            Assert.NotEqual("missing", Status(during, "mtaSts"));
            Assert.DoesNotContain(Codes(during), c => c.EndsWith("-missing", StringComparison.Ordinal));
            Assert.NotEmpty(during["errors"]!.AsArray());
            Assert.True((bool)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}"))!["verified"]!, "a resolver outage unverified the domain");

            using var sender = new HttpClient { BaseAddress = platform.BaseUrl };
            using var delivered = await sender.PostJsonAsync(token, Reports.WithSessions(domain, "during-dns-outage", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), 50, 0));
            Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);
        }
        finally
        {
            platform.Dns.Silent = false;
        }

        var after = await PolicyAsync(tenant, domain, p => !Codes(p).Contains("dns-lookup-failed") && Status(p, "tlsRpt") == "valid", "checks to recover when the resolver is back");
        Assert.Equal("valid", Status(after, "mtaSts"));
        var history = await HistoryAsync(tenant, domain);
        var sinceOutage = history.Take(history.Count - historyBefore).ToList();
        Assert.DoesNotContain(sinceOutage, c => (string?)c!["new"] == "missing");
        Assert.True((bool)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}"))!["verified"]!);
    }

    /// <summary>Changes to the domain's policies, newest first.</summary>
    private static async Task<JsonArray> HistoryAsync(HttpClient tenant, string domain) =>
        JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}/policy/history"))!.AsArray();

    private static async Task<JsonNode> PolicyAsync(HttpClient tenant, string domain, Func<JsonNode, bool> condition, string what)
    {
        JsonNode? policy = null;
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await tenant.GetAsync($"/v1/domains/{domain}/policy");
                policy = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
                return policy is not null && condition(policy);
            },
            seconds: 60,
            what: what);
        return policy!;
    }

    private static string? Status(JsonNode policy, string part) => (string?)policy[part]!["status"];

    private static List<string> Codes(JsonNode policy) => policy["findings"]!.AsArray().Select(f => (string)f!["code"]!).ToList();
}
