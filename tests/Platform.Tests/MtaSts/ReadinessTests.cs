using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.MtaSts;

/// <summary>
/// Enforce readiness from the domain's own reports, on PostgreSQL: every check is shown passing on a domain that is
/// ready and failing on one that is not in exactly that respect. Weeks pass by backdating the policy's
/// <c>mode_since</c> and by reports for past days.
/// </summary>
public class ReadinessTests(MtaStsPlatform platform) : IClassFixture<MtaStsPlatform>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task A_domain_whose_reports_show_no_failures_for_two_weeks_is_ready_on_every_check()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant);

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.True((bool)readiness["ready"]!, readiness.ToJsonString());
        Assert.Equal("reports", (string?)readiness["basis"]);
        Assert.Equal("hosted", (string?)readiness["source"]);
        Assert.NotNull(readiness["since"]);
        Assert.Equal(
            ["testing-period", "reporters", "sts-failure-rate", "mx-coverage", "mx-certificates", "policy-host-certificate", "policy-published"],
            readiness["checks"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.All(readiness["checks"]!.AsArray(), c => Assert.True((bool)c!["passed"]!, c.ToJsonString()));
        Assert.Contains("2 of 2 reporting organizations", Evidence(readiness, "reporters"), StringComparison.Ordinal);
        Assert.Contains("0 of 6000 sessions", Evidence(readiness, "sts-failure-rate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_short_a_time_in_testing_is_not_ready()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant, testingDays: 3, reportDays: [-3, -2, -1]);

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.False((bool)readiness["ready"]!);
        Assert.False(Passed(readiness, "testing-period"));
        Assert.Contains("3 days of the 14 needed", Evidence(readiness, "testing-period"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reporters_that_do_not_cover_the_window_are_not_enough()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant, reportDays: [-3, -1]);

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.False((bool)readiness["ready"]!);
        Assert.False(Passed(readiness, "reporters"));
        Assert.True(Passed(readiness, "testing-period"));
        Assert.Contains("0 of 2 reporting organizations", Evidence(readiness, "reporters"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_nobody_reports_on_is_judged_on_a_longer_time_only_basis()
    {
        using var tenant = await platform.NewTenantAsync();
        var young = await ReadyDomainAsync(tenant, testingDays: 20, reportDays: []);
        var old = await ReadyDomainAsync(tenant, testingDays: 31, reportDays: []);

        var notYet = await ReadinessAsync(tenant, young.Name);
        var ready = await ReadinessAsync(tenant, old.Name);

        Assert.Equal("time-only", (string?)notYet["basis"]);
        Assert.False((bool)notYet["ready"]!);
        Assert.False(Passed(notYet, "testing-period"));
        Assert.Contains("20 days of the 30 needed (time-only basis", Evidence(notYet, "testing-period"), StringComparison.Ordinal);
        Assert.True(Passed(notYet, "reporters"));
        Assert.StartsWith("Time-only basis: no organization reported", Evidence(notYet, "reporters"), StringComparison.Ordinal);
        Assert.Equal("time-only", (string?)ready["basis"]);
        Assert.True((bool)ready["ready"]!, ready.ToJsonString());
    }

    [Fact]
    public async Task Sts_failures_above_the_limit_are_not_ready_and_name_the_sessions_enforce_would_refuse()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant);
        await PostAsync(d, MtaStsReports.Sts(d.Name, "Org B", Today.AddDays(-2), successful: 900, failed: 60, mx: $"mx.{d.Name}", resultType: "certificate-expired"));

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.False((bool)readiness["ready"]!);
        var check = readiness["checks"]!.AsArray().Single(c => (string?)c!["name"] == "sts-failure-rate")!;
        Assert.False((bool)check["passed"]!);
        Assert.Contains("60 of 6960 sessions", (string?)check["evidence"], StringComparison.Ordinal);
        var refused = Assert.Single(check["refused"]!.AsArray())!;
        Assert.Equal(("certificate-expired", $"mx.{d.Name}", "Org B", 60L),
            ((string)refused["resultType"]!, (string)refused["receivingMx"]!, (string)refused["organization"]!, (long)refused["sessions"]!));
        Assert.Contains($"60 × certificate-expired at mx.{d.Name}, reported by Org B", (string?)check["evidence"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mx_host_in_the_reports_that_no_pattern_covers_is_not_ready()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant);
        // One failure in 6,001 sessions stays under 0.1 %: only the coverage check fails.
        await PostAsync(d, MtaStsReports.Sts(d.Name, "Org A", Today.AddDays(-2), successful: 0, failed: 1, mx: "mx9.elsewhere.example"));

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.False((bool)readiness["ready"]!);
        Assert.True(Passed(readiness, "sts-failure-rate"));
        Assert.False(Passed(readiness, "mx-coverage"));
        Assert.Contains("mx9.elsewhere.example (in reports) match no mx pattern", Evidence(readiness, "mx-coverage"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mx_host_in_dns_that_no_pattern_covers_is_not_ready()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant, extraMx: "mx2.provider.example");

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.False(Passed(readiness, "mx-coverage"));
        Assert.Contains("mx2.provider.example (in DNS)", Evidence(readiness, "mx-coverage"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_host_certificate_that_expires_within_30_days_is_not_ready()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant, certificateDays: 10);

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.False((bool)readiness["ready"]!);
        Assert.False(Passed(readiness, "policy-host-certificate"));
        Assert.Contains("at least 30 needed", Evidence(readiness, "policy-host-certificate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_id_in_dns_is_not_ready()
    {
        using var tenant = await platform.NewTenantAsync();
        var d = await ReadyDomainAsync(tenant, publishedId: "stale1");

        var readiness = await ReadinessAsync(tenant, d.Name);

        Assert.False(Passed(readiness, "policy-published"));
        Assert.Contains($"v=STSv1; id={d.Id}", Evidence(readiness, "policy-published"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_to_enforce_bumps_the_id_and_is_refused_while_not_ready_unless_forced()
    {
        using var tenant = await platform.NewTenantAsync();
        var ready = await ReadyDomainAsync(tenant);
        var young = await ReadyDomainAsync(tenant, testingDays: 2, reportDays: [-1]);

        using var switched = await tenant.PostAsync($"/v1/domains/{ready.Name}/mta-sts/enforce", null);
        var policy = JsonNode.Parse(await switched.Content.ReadAsStringAsync())!;
        using var refused = await tenant.PostAsync($"/v1/domains/{young.Name}/mta-sts/enforce", null);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        using var forced = await tenant.PostAsync($"/v1/domains/{young.Name}/mta-sts/enforce?force=true", null);

        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal("enforce", (string?)policy["mode"]);
        Assert.NotEqual(ready.Id, (string?)policy["id"]);
        Assert.Equal($"v=STSv1; id={policy["id"]}", (string?)policy["records"]![1]!["value"]);
        Assert.False((bool)policy["records"]![1]!["published"]!);
        using var served = new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt");
        served.Headers.Host = $"mta-sts.{ready.Name}";
        using var file = await platform.Http.SendAsync(served);
        Assert.Contains("mode: enforce\r\n", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:mtasts-not-ready", (string?)problem["type"]);
        Assert.Contains("testing-period", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.False((bool)problem["readiness"]!["ready"]!);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
    }

    [Fact]
    public async Task An_enforce_ready_rule_fires_once_ready_and_the_guard_fires_when_failures_rise_after_the_switch()
    {
        using var tenant = await platform.NewTenantAsync();
        var ready = await ReadyDomainAsync(tenant);
        var young = await ReadyDomainAsync(tenant, testingDays: 2, reportDays: [-1]);
        var calm = await ReadyDomainAsync(tenant);
        var channel = await ChannelAsync(tenant);
        foreach (var d in new[] { ready, young, calm })
        {
            using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{d.Name}/alert-rules", new { kind = "enforce-ready", channels = new[] { channel }, cooldownMinutes = 0 });
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        var grains = platform.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IMtaStsGrain>(ready.Name).WatchAsync();
        await grains.GetGrain<IMtaStsGrain>(young.Name).WatchAsync();
        await grains.GetGrain<IMtaStsGrain>(ready.Name).WatchAsync();
        var afterReady = await AlertsAsync(tenant);

        Assert.Single(afterReady, a => (string?)a["domain"] == ready.Name && (string?)a["kind"] == "enforce-ready");
        Assert.DoesNotContain(afterReady, a => (string?)a["domain"] == young.Name);
        var readyAlert = afterReady.Single(a => (string?)a["domain"] == ready.Name);
        Assert.Contains("ready for enforce", (string?)readyAlert["summary"], StringComparison.Ordinal);
        Assert.Equal(7, readyAlert["details"]!["checks"]!.AsArray().Count);

        foreach (var d in new[] { ready, calm })
        {
            using var switched = await tenant.PostAsync($"/v1/domains/{d.Name}/mta-sts/enforce", null);
            Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        }

        await PostAsync(ready, MtaStsReports.Sts(ready.Name, "Org A", Today, successful: 950, failed: 50, mx: $"mx.{ready.Name}", resultType: "validation-failure"));
        await PostAsync(calm, MtaStsReports.Sts(calm.Name, "Org A", Today, successful: 1000));
        await grains.GetGrain<IMtaStsGrain>(ready.Name).WatchAsync();
        await grains.GetGrain<IMtaStsGrain>(calm.Name).WatchAsync();
        var afterSwitch = await AlertsAsync(tenant);

        var guard = Assert.Single(afterSwitch, a => (string?)a["kind"] == "enforce-guard");
        Assert.Equal(ready.Name, (string?)guard["domain"]);
        Assert.Contains("Consider going back to testing", (string?)guard["summary"], StringComparison.Ordinal);
        Assert.Equal(5.0, (double)guard["details"]!["failurePercent"]!);
        Assert.Equal("validation-failure", (string?)guard["details"]!["refused"]![0]!["resultType"]);
        Assert.DoesNotContain(afterSwitch, a => (string?)a["domain"] == calm.Name && (string?)a["kind"] == "enforce-guard");
    }

    private sealed record TestDomain(string Name, string Token, string Id);

    /// <summary>
    /// A hosted domain in testing that passes every check unless told otherwise: MX mx.&lt;domain&gt; covered by the
    /// policy, the id published, the policy served over HTTPS with a long-lived certificate, and reports from two
    /// organizations on the given days (relative to today) with 1,000 successful sts sessions each.
    /// </summary>
    private async Task<TestDomain> ReadyDomainAsync(
        HttpClient tenant, int testingDays = 20, int[]? reportDays = null, int certificateDays = 90, string? publishedId = null, string? extraMx = null)
    {
        var (name, token) = await tenant.RegisterDomainAsync();
        platform.Dns.AddMx(name, 10, $"mx.{name}");
        if (extraMx is not null)
        {
            platform.Dns.AddMx(name, 20, extraMx);
        }

        using var put = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "testing", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        var policy = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        Assert.True(put.IsSuccessStatusCode, policy.ToJsonString());
        var id = (string)policy["id"]!;
        platform.Dns.AddTxt($"_mta-sts.{name}", $"v=STSv1; id={publishedId ?? id}");
        platform.Dns.AddA($"mta-sts.{name}", IPAddress.Loopback);
        // The test HTTPS server stands in for the TLS front here; CaddyPolicyHostTests put the real one in front.
        platform.PolicyServer.Serve(name, (string)policy["text"]!, validDays: certificateDays);
        await platform.ExecuteAsync(
            "UPDATE hosted_policies SET mode_since = @since WHERE domain = @d",
            ("since", DateTimeOffset.UtcNow.AddDays(-testingDays).ToUnixTimeMilliseconds()), ("d", name));

        var domain = new TestDomain(name, token, id);
        foreach (var day in reportDays ?? [-14, -7, -1])
        {
            foreach (var organization in new[] { "Org A", "Org B" })
            {
                await PostAsync(domain, MtaStsReports.Sts(name, organization, Today.AddDays(day), successful: 1000));
            }
        }

        using var check = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        Assert.True(check.IsSuccessStatusCode, await check.Content.ReadAsStringAsync());
        return domain;
    }

    private async Task PostAsync(TestDomain domain, byte[] report)
    {
        using var response = await platform.Http.PostJsonAsync(domain.Token, report);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> ReadinessAsync(HttpClient tenant, string name)
    {
        using var response = await tenant.GetAsync($"/v1/domains/{name}/mta-sts/readiness");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static bool Passed(JsonNode readiness, string check) =>
        (bool)readiness["checks"]!.AsArray().Single(c => (string?)c!["name"] == check)!["passed"]!;

    private static string Evidence(JsonNode readiness, string check) =>
        (string)readiness["checks"]!.AsArray().Single(c => (string?)c!["name"] == check)!["evidence"]!;

    private static async Task<string> ChannelAsync(HttpClient tenant)
    {
        using var response = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "ops@example.com" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private static async Task<List<JsonNode>> AlertsAsync(HttpClient tenant) =>
        JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts"))!.AsArray().Select(a => a!).ToList();
}
