using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// The abuse suite, webhook targets: a tenant who points a webhook at the platform's own network (SSRF), directly or
/// through an IPv6 form that embeds or routes to an internal address, with the production setting
/// (<c>Alerts:AllowPrivateTargets=false</c>).
/// </summary>
public class WebhookSsrfAbuseTests(PolicyPlatform platform) : IClassFixture<PolicyPlatform>
{
    [Theory]
    [InlineData("http://hooks.example.com/x")]
    [InlineData("https://127.0.0.1/x")]
    [InlineData("https://10.0.0.8/x")]
    [InlineData("https://[fd00::1]/x")]
    [InlineData("https://169.254.169.254/latest")]
    [InlineData("https://localhost:8443/x")]
    [InlineData("https://[::127.0.0.1]/")]
    [InlineData("https://[::7f00:1]/")]
    [InlineData("https://[2002:7f00:1::]/")]
    [InlineData("https://[64:ff9b:1::7f00:1]/")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/latest/meta-data")]
    [InlineData("https://[100::1]/")]
    [InlineData("https://[fec0::1]/")]
    [InlineData("https://[::ffff:0:7f00:1]/")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/")]
    [InlineData("https://2130706433/")]
    public async Task Internal_and_plain_http_webhooks_are_refused_when_created(string url)
    {
        using var tenant = await platform.NewTenantAsync();

        using var response = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("urn:tlsrpt-platform:problem:webhook-url-refused", (string?)problem["type"]);
        Assert.Empty(JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts/channels"))!.AsArray());
    }

    [Fact]
    public async Task A_public_name_is_accepted_but_refused_at_delivery_when_it_resolves_to_loopback()
    {
        await using var receiver = new TestWebhookReceiver(FreePort.Next());
        await receiver.StartAsync();
        var host = $"hooks-{Guid.NewGuid():N}.example.com";
        platform.Dns.AddA(host, IPAddress.Loopback);

        var refused = await RefusedAtDeliveryAsync($"https://{host}:{receiver.Port}/hooks/tlsrpt");

        Assert.Contains("internal addresses", refused.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData("::7f00:1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("64:ff9b:1::7f00:1")]
    [InlineData("100::1")]
    public async Task A_public_name_whose_aaaa_embeds_loopback_is_refused_at_delivery(string aaaa)
    {
        var host = $"hooks-{Guid.NewGuid():N}.example.com";
        platform.Dns.AddAaaa(host, IPAddress.Parse(aaaa));

        var refused = await RefusedAtDeliveryAsync($"https://{host}/hooks/tlsrpt");

        Assert.Contains("internal addresses", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Creates a channel for <paramref name="url"/> (a public name passes) and delivers a test alert to it.</summary>
    private async Task<AlertDeliveryException> RefusedAtDeliveryAsync(string url)
    {
        using var tenant = await platform.NewTenantAsync();
        using var created = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var channel = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var record = new AlertChannelRecord((string)channel["id"]!, "t_guard", "webhook", (string)channel["url"]!, DateTimeOffset.UtcNow);
        using var sender = new WebhookSender(
            platform.Services.GetRequiredService<PolicyDns>(), platform.Services.GetRequiredService<WebhookSecrets>(),
            Options.Create(new AlertOptions()), TimeProvider.System);
        var alert = new AlertRecord("al_guard", record.TenantId, null, null, AlertKinds.Test, DateTimeOffset.UtcNow, "guard", "{}", []);
        return await Assert.ThrowsAsync<AlertDeliveryException>(() => sender.SendAsync(alert, record, CancellationToken.None));
    }
}
