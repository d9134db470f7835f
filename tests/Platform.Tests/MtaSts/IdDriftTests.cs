using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.MtaSts;

/// <summary>The scheduled and manual checks compare the published id with the hosted policy's, and alert while they differ.</summary>
public class IdDriftTests(MtaStsPlatform platform) : IClassFixture<MtaStsPlatform>
{
    [Fact]
    public async Task A_published_id_older_than_the_hosted_policy_is_an_error_finding_with_the_record_and_a_policy_broken_alert()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        using var channel = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "ops@example.com" });
        var channelId = (string)JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"]!;
        using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "policy-broken", channels = new[] { channelId } });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        using var put = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "testing", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        var id = (string)JsonNode.Parse(await put.Content.ReadAsStringAsync())!["id"]!;
        platform.Dns.AddMx(name, 10, $"mx.{name}");
        platform.Dns.AddTxt($"_mta-sts.{name}", "v=STSv1; id=20250101old;");

        var stale = await CheckAsync(tenant, name);
        var alerts = JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts"))!.AsArray();

        var finding = Assert.Single(stale["findings"]!.AsArray(), f => (string?)f!["code"] == "mtasts-id-stale")!;
        Assert.Equal("error", (string?)finding["severity"]);
        Assert.Contains("20250101old", (string?)finding["message"], StringComparison.Ordinal);
        Assert.Equal($"Publish one TXT record at _mta-sts.{name}: v=STSv1; id={id}", (string?)finding["fix"]);
        var alert = Assert.Single(alerts, a => (string?)a!["domain"] == name)!;
        Assert.Equal("policy-broken", (string?)alert["kind"]);
        Assert.Contains(alert["details"]!["findings"]!.AsArray(), f => (string?)f!["code"] == "mtasts-id-stale");

        platform.Dns.Clear($"_mta-sts.{name}");
        platform.Dns.AddMx(name, 10, $"mx.{name}");
        platform.Dns.AddTxt($"_mta-sts.{name}", $"v=STSv1; id={id};");
        var current = await CheckAsync(tenant, name);

        Assert.DoesNotContain(current["findings"]!.AsArray(), f => (string?)f!["code"] == "mtasts-id-stale");
        Assert.Equal(id, (string?)current["mtaSts"]!["id"]);
    }

    [Fact]
    public async Task A_domain_without_a_hosted_policy_has_no_id_to_drift_from()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        platform.Dns.AddTxt($"_mta-sts.{name}", "v=STSv1; id=any1;");

        var check = await CheckAsync(tenant, name);

        Assert.DoesNotContain(check["findings"]!.AsArray(), f => (string?)f!["code"] == "mtasts-id-stale");
    }

    private static async Task<JsonNode> CheckAsync(HttpClient tenant, string name)
    {
        using var response = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }
}
