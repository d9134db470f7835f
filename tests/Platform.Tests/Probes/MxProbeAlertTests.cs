using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Probes;

/// <summary>Alerts raised by what the probe sees, with a real STARTTLS server, DNS and the platform on Kestrel.</summary>
public class MxProbeAlertTests(ProbePlatform platform) : IClassFixture<ProbePlatform>
{
    [Fact]
    public async Task A_certificate_expiring_in_five_days_raises_certificate_expiring_once_per_step_and_policy_broken()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var mx = $"mx.{name}";
        platform.Dns.AddMx(name, 10, mx);
        platform.Dns.AddA(mx, IPAddress.Loopback);
        platform.Mx.Present(mx, platform.Mx.Authority.Issue(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(5).AddHours(1), mx));
        using var channel = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "certs@example.com" });
        var channelId = (string)JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"]!;
        using var expiring = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "certificate-expiring", daysBefore = 30, channels = new[] { channelId }, cooldownMinutes = 0 });
        using var broken = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "policy-broken", channels = new[] { channelId }, cooldownMinutes = 0 });
        using var invalid = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "certificate-expiring", daysBefore = 0, channels = new[] { channelId } });

        await CheckAsync(tenant, name);
        await CheckAsync(tenant, name);
        var alerts = JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts"))!.AsArray().Select(a => a!).Where(a => (string?)a["domain"] == name).ToList();

        Assert.Equal(HttpStatusCode.Created, expiring.StatusCode);
        Assert.Equal(30, (int)JsonNode.Parse(await expiring.Content.ReadAsStringAsync())!["daysBefore"]!);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var certificate = Assert.Single(alerts, a => (string?)a["kind"] == "certificate-expiring");
        Assert.Equal(5, (int)certificate["details"]!["daysLeft"]!);
        Assert.Equal(mx, (string?)certificate["details"]!["host"]);
        Assert.Contains("in 5 days", (string?)certificate["summary"], StringComparison.Ordinal);
        // The DNS check's own policy-broken (no TLS-RPT record here) comes first; the probe's new error adds one, once.
        var probeBroken = alerts.Where(a => (string?)a["kind"] == "policy-broken"
            && a["details"]!["findings"]!.AsArray().Any(f => (string?)f!["code"] == "mx-certificate-expires-soon")).ToList();
        Assert.Single(probeBroken);
    }

    private static async Task CheckAsync(HttpClient tenant, string name)
    {
        using var response = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
