using System.Net;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Probes;

/// <summary>The scheduler probes a domain's MX hosts by itself, and then not again within <c>MxProbe:Interval</c>.</summary>
public class ScheduledProbeTests(ScheduledProbePlatform platform) : IClassFixture<ScheduledProbePlatform>
{
    [Fact]
    public async Task A_scheduled_check_probes_new_mx_hosts_and_later_checks_wait_for_the_interval()
    {
        using var tenant = await platform.NewTenantAsync();
        var name = $"s{Guid.NewGuid():N}.example";
        var mx = $"mx.{name}";
        platform.Dns.AddMx(name, 10, mx);
        platform.Dns.AddA(mx, IPAddress.Loopback);
        platform.Mx.Present(mx, platform.Mx.Authority.Issue(mx));
        await tenant.RegisterDomainAsync(name);

        JsonNode? probed = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await tenant.GetAsync($"/v1/domains/{name}/policy");
            probed = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            return probed?["probedAt"] is not null;
        }, what: "the first scheduled probe");
        var firstProbe = (string)probed!["probedAt"]!;
        var firstCheck = (string)probed["checkedAt"]!;

        JsonNode? later = null;
        await Eventually.TrueAsync(async () =>
        {
            later = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy"));
            return (string?)later!["checkedAt"] != firstCheck;
        }, what: "a later scheduled check");

        Assert.True((bool)probed["mx"]![0]!["probe"]!["addresses"]![0]!["startTls"]!);
        Assert.Equal(firstProbe, (string?)later!["probedAt"]);
        Assert.NotNull(later["mx"]![0]!["probe"]);
    }
}
