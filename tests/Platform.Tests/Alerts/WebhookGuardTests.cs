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

namespace TlsRptPlatform.Platform.Tests.Alerts;

/// <summary>The SSRF guard with its production setting (<c>Alerts:AllowPrivateTargets=false</c>).</summary>
public class WebhookGuardTests(PolicyPlatform platform) : IClassFixture<PolicyPlatform>
{
    [Theory]
    [InlineData("http://hooks.example.com/x")]
    [InlineData("https://127.0.0.1/x")]
    [InlineData("https://10.0.0.8/x")]
    [InlineData("https://[fd00::1]/x")]
    [InlineData("https://169.254.169.254/latest")]
    [InlineData("https://localhost:8443/x")]
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
        using var tenant = await platform.NewTenantAsync();
        await using var receiver = new TestWebhookReceiver(FreePort.Next());
        await receiver.StartAsync();
        var host = $"hooks-{Guid.NewGuid():N}.example.com";
        platform.Dns.AddA(host, IPAddress.Loopback);
        using var created = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url = $"https://{host}:{receiver.Port}/hooks/tlsrpt" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var channel = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var record = new AlertChannelRecord((string)channel["id"]!, "t_guard", "webhook", (string)channel["url"]!, DateTimeOffset.UtcNow);
        using var sender = new WebhookSender(
            platform.Services.GetRequiredService<PolicyDns>(), platform.Services.GetRequiredService<WebhookSecrets>(),
            Options.Create(new AlertOptions()), TimeProvider.System);
        var alert = new AlertRecord("al_guard", record.TenantId, null, null, AlertKinds.Test, DateTimeOffset.UtcNow, "guard", "{}", []);

        var refused = await Assert.ThrowsAsync<AlertDeliveryException>(() => sender.SendAsync(alert, record, CancellationToken.None));

        Assert.Contains("internal addresses", refused.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}
