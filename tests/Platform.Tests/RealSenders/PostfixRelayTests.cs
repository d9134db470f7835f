using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.RealSenders;

/// <summary>
/// Debian's Postfix delivers report mail to the SMTP listener, as a reporting organization's MTA does: what the
/// listener answers decides what Postfix does with the message — 250 delivered, 5xx bounced, 4xx queued and retried.
/// </summary>
public class PostfixRelayTests(PostfixRelayPlatform platform) : IClassFixture<PostfixRelayPlatform>
{
    private const string Sender = $"noreply-smtp-tls-reporting@{PostfixConfiguration.SenderDomain}";
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    private string Relay => $"relay=127.0.0.1[127.0.0.1]:{platform.SmtpPort}";

    [Fact]
    public async Task A_report_relayed_over_verified_starttls_is_counted_once_the_listener_answers_250()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, address) = await RegisterAsync(tenant);

        var queueId = await platform.Relay.SubmitAsync(ReportMails.Report(name, Reports.WithSessions(name, "relayed", Yesterday, 90, 10), gzip: true), Sender, address);
        var delivery = await platform.Relay.Log.DeliveryAsync(queueId, "sent");

        Assert.Contains(Relay, delivery.Text, StringComparison.Ordinal);
        Assert.Contains("status=sent (250 2.6.0 1 report(s) stored", delivery.Text, StringComparison.Ordinal);
        // "Verified": the chain led to the test CA and the certificate named the MX (smtp_tls_security_level = secure).
        var handshake = platform.Relay.Log.HandshakeOf(delivery);
        Assert.NotNull(handshake);
        Assert.StartsWith($"Verified TLS connection established to 127.0.0.1[127.0.0.1]:{platform.SmtpPort}: TLSv1.3", handshake.Text, StringComparison.Ordinal);
        var summary = await SummaryAsync(tenant, name);
        Assert.Equal(1, (long)summary["reports"]!);
        Assert.Equal(90, (long)summary["successfulSessions"]!);
        Assert.Equal(10, (long)summary["failedSessions"]!);
        Assert.True(await platform.Relay.QueueIsEmptyAsync());
    }

    [Fact]
    public async Task A_report_the_listener_refuses_with_550_bounces_at_once_and_is_not_retried()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, address) = await RegisterAsync(tenant);
        var aboutAnotherDomain = Reports.WithSessions("other.example", "foreign", Yesterday, 5, 5);

        var queueId = await platform.Relay.SubmitAsync(ReportMails.Report(name, aboutAnotherDomain, gzip: true), Sender, address);
        var bounce = await platform.Relay.Log.DeliveryAsync(queueId, "bounced");

        Assert.Contains(Relay, bounce.Text, StringComparison.Ordinal);
        Assert.Contains("said: 550 5.6.0 policy-domain-mismatch", bounce.Text, StringComparison.Ordinal);
        Assert.Contains(platform.Relay.Log.Lines(), l => l.Text.StartsWith($"{queueId}: sender non-delivery notification: ", StringComparison.Ordinal));
        await Eventually.TrueAsync(platform.Relay.QueueIsEmptyAsync, what: "Postfix's queue emptying after the bounce");
        Assert.DoesNotContain(platform.Relay.Log.Lines(), l => l.Text.StartsWith($"{queueId}: to=<", StringComparison.Ordinal) && !l.Text.Contains("status=bounced", StringComparison.Ordinal));
        Assert.Equal(0, (long)(await SummaryAsync(tenant, name))["reports"]!);
        var rejection = Assert.Single(JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/rejections"))!.AsArray());
        Assert.Equal("policy-domain-mismatch", (string?)rejection!["kind"]);
        Assert.Equal("smtp", (string?)rejection["channel"]);
    }

    [Fact]
    public async Task A_report_that_arrives_while_the_store_is_down_is_deferred_with_451_and_counted_once_after_the_retry()
    {
        using var tenant = await platform.NewTenantAsync();
        // Registered but never mailed before: the listener has to ask the store about this address during the outage.
        var (name, address) = await RegisterAsync(tenant);
        string queueId;
        PostfixLogLine deferral;
        platform.Store.Stop();
        try
        {
            queueId = await platform.Relay.SubmitAsync(ReportMails.Report(name, Reports.WithSessions(name, "outage", Yesterday, 40, 2), gzip: true), Sender, address);
            deferral = await platform.Relay.Log.DeliveryAsync(queueId, "deferred");
        }
        finally
        {
            platform.Store.Resume();
        }

        await platform.Relay.FlushAsync();
        var delivery = await platform.Relay.Log.DeliveryAsync(queueId, "sent");

        Assert.Contains(Relay, deferral.Text, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(deferral.Text, @"said: 451 4\.\d\.\d "), deferral.Text);
        Assert.Contains("status=sent (250 2.6.0 1 report(s) stored", delivery.Text, StringComparison.Ordinal);
        var summary = await SummaryAsync(tenant, name);
        Assert.Equal(1, (long)summary["reports"]!);
        Assert.Equal(40, (long)summary["successfulSessions"]!);
        Assert.Equal(2, (long)summary["failedSessions"]!);
        Assert.True(await platform.Relay.QueueIsEmptyAsync());
    }

    /// <summary>Registers a domain and returns the address its TLS-RPT record publishes (<c>ruaMailto</c>).</summary>
    private static async Task<(string Name, string Address)> RegisterAsync(HttpClient tenant)
    {
        using var response = await tenant.PostAsJsonAsync("/v1/domains", new { name = $"t{Guid.NewGuid():N}.example" });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)body["name"]!, ((string)body["ruaMailto"]!)["mailto:".Length..]);
    }

    private static async Task<JsonNode> SummaryAsync(HttpClient tenant, string name) =>
        JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/summary?from={Yesterday:yyyy-MM-dd}&to={Yesterday:yyyy-MM-dd}"))!;
}
