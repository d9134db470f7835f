using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Policies;

/// <summary>The policy routes over real HTTP, with the platform resolving through the test DNS server.</summary>
public class PolicyApiTests(PolicyPlatform platform) : IClassFixture<PolicyPlatform>
{
    [Fact]
    public async Task A_check_reads_the_records_verifies_the_domain_and_keeps_history()
    {
        using var tenant = await platform.NewTenantAsync();
        using var registered = await tenant.PostAsJsonAsync("/v1/domains", new { name = $"p{Guid.NewGuid():N}.test" });
        var domain = JsonNode.Parse(await registered.Content.ReadAsStringAsync())!;
        var name = (string)domain["name"]!;

        using var before = await tenant.GetAsync($"/v1/domains/{name}/policy");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:policy-not-checked", (string?)JsonNode.Parse(await before.Content.ReadAsStringAsync())!["type"]);

        platform.Dns.AddTxt($"_smtp._tls.{name}", (string)domain["tlsRptRecord"]!);
        Publish(name, "enforce", "1");
        platform.Dns.AddMx(name, 10, $"mx1.{name}");

        var first = await CheckAsync(tenant, name);
        var registration = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}"))!;

        Assert.Equal("valid", (string?)first["tlsRpt"]!["status"]);
        Assert.True((bool)first["tlsRpt"]!["pointsHere"]!);
        Assert.Equal("enforce", (string?)first["mtaSts"]!["mode"]);
        Assert.Equal(604800, (long)first["mtaSts"]!["maxAge"]!);
        Assert.Equal($"mx1.{name}", (string?)first["mx"]![0]!["host"]);
        Assert.True((bool)first["mx"]![0]!["matchesMtaSts"]!);
        Assert.Empty(first["findings"]!.AsArray());
        Assert.NotNull(first["checkedAt"]);
        Assert.True((bool)registration["verified"]!);

        platform.Dns.Clear($"_mta-sts.{name}");
        Publish(name, "testing", "2");
        var second = await CheckAsync(tenant, name);
        var history = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy/history"))!.AsArray();
        var current = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy"))!;

        Assert.Equal("mtasts-mode-testing", (string?)second["findings"]![0]!["code"]);
        Assert.Equal("info", (string?)second["findings"]![0]!["severity"]);
        var modeChange = history.First(h => (string?)h!["what"] == "mta-sts.mode")!;
        Assert.Equal(["enforce", "testing"], new[] { (string)modeChange["old"]!, (string)modeChange["new"]! });
        var idChange = history.First(h => (string?)h!["what"] == "mta-sts.id")!;
        Assert.Equal(["1", "2"], new[] { (string)idChange["old"]!, (string)idChange["new"]! });
        Assert.True(history.IndexOf(modeChange) < history.IndexOf(history.Last(h => (string?)h!["what"] == "tls-rpt.status")), "newest first");
        Assert.Equal("testing", (string?)current["mtaSts"]!["mode"]);
    }

    [Fact]
    public async Task Another_tenants_policy_is_not_found()
    {
        using var owner = await platform.NewTenantAsync();
        using var stranger = await platform.NewTenantAsync();
        var (name, _) = await owner.RegisterDomainAsync();

        using var check = await stranger.PostAsync($"/v1/domains/{name}/checks", null);
        using var policy = await stranger.GetAsync($"/v1/domains/{name}/policy");
        using var history = await stranger.GetAsync($"/v1/domains/{name}/policy/history");

        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, policy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    [Fact]
    public async Task A_tenant_that_proves_control_through_dns_takes_a_domain_over()
    {
        using var holder = await platform.NewTenantAsync();
        using var claimant = await platform.NewTenantAsync();
        var (name, oldToken) = await holder.RegisterDomainAsync();
        using var posted = await platform.Http.PostGzipAsync(oldToken, Reports.For("parsedmarc/smtp_tls.json", name));

        using var refused = await claimant.PostAsJsonAsync("/v1/domains", new { name });
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        var claim = problem["claim"]!;
        using var stillRefused = await claimant.PostAsJsonAsync("/v1/domains", new { name });
        platform.Dns.AddTxt($"_smtp._tls.{name}", (string)claim["tlsRptRecord"]!);
        using var takenOver = await claimant.PostAsJsonAsync("/v1/domains", new { name });
        var domain = JsonNode.Parse(await takenOver.Content.ReadAsStringAsync())!;
        using var holderView = await holder.GetAsync($"/v1/domains/{name}");
        var summary = JsonNode.Parse(await claimant.GetStringAsync($"/v1/domains/{name}/summary?from=2000-01-01&to=2030-12-31"))!;

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stillRefused.StatusCode);
        Assert.Equal((string?)claim["reportToken"], (string?)JsonNode.Parse(await stillRefused.Content.ReadAsStringAsync())!["claim"]!["reportToken"]);
        Assert.Equal(HttpStatusCode.Created, takenOver.StatusCode);
        Assert.Equal((string?)claim["reportToken"], (string?)domain["reportToken"]);
        Assert.True((bool)domain["verified"]!);
        Assert.Equal(HttpStatusCode.NotFound, holderView.StatusCode);
        Assert.Equal(0, (long)summary["reports"]!);
        var told = JsonNode.Parse(await holder.GetStringAsync("/v1/alerts"))!.AsArray();
        Assert.Contains(told, a => (string?)a!["kind"] == "domain-taken-over" && (string?)a["domain"] == name);
        Assert.DoesNotContain(JsonNode.Parse(await claimant.GetStringAsync("/v1/alerts"))!.AsArray(), a => (string?)a!["kind"] == "domain-taken-over");
    }

    [Fact]
    public async Task A_slow_policy_check_does_not_hold_up_the_domains_reports()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        Publish(name, "enforce", "1", delay: TimeSpan.FromSeconds(8));

        var check = CheckAsync(tenant, name);
        await platform.PolicyServer.RequestedAsync(name).WaitAsync(TimeSpan.FromSeconds(30));
        using var posted = await platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name));
        var fetchWasStillWaiting = !platform.PolicyServer.AnsweredAsync(name).IsCompleted;
        var result = await check;

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.True(fetchWasStillWaiting, "the report waited for the policy check's MTA-STS fetch");
        Assert.Equal("enforce", (string?)result["mtaSts"]!["mode"]);
    }

    private void Publish(string name, string mode, string id, TimeSpan delay = default)
    {
        platform.Dns.AddTxt($"_mta-sts.{name}", $"v=STSv1; id={id}");
        platform.Dns.Clear($"mta-sts.{name}");
        platform.Dns.AddA($"mta-sts.{name}", IPAddress.Loopback);
        platform.PolicyServer.Serve(name, $"version: STSv1\r\nmode: {mode}\r\nmx: *.{name}\r\nmax_age: 604800\r\n", delay: delay);
    }

    private static async Task<JsonNode> CheckAsync(HttpClient tenant, string name)
    {
        using var response = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
