using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.RealSenders;

/// <summary>
/// Debian's Postfix delivers report mail to the SMTP listener, as a reporting organization's MTA does: what the
/// listener answers decides what Postfix does with the message — 250 delivered, 5xx bounced, 4xx queued and retried.
/// </summary>
public class PostfixRelayTests(PostfixRelayPlatform platform) : IClassFixture<PostfixRelayPlatform>
{
    private string Relay => $"relay=127.0.0.1[127.0.0.1]:{platform.SmtpPort}";

    [Fact]
    public async Task A_report_relayed_over_verified_starttls_is_counted_once_the_listener_answers_250()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, address) = await RelayedReports.RegisterAsync(tenant);

        var queueId = await platform.Relay.SubmitAsync(RelayedReports.Report(name, "relayed", 90, 10), RelayedReports.Sender, address);
        var delivery = await platform.Relay.Log.DeliveryAsync(queueId, "sent");

        Assert.Contains(Relay, delivery.Text, StringComparison.Ordinal);
        Assert.Contains("status=sent (250 2.6.0 1 report(s) stored", delivery.Text, StringComparison.Ordinal);
        // "Verified": the chain led to the test CA and the certificate named the MX (smtp_tls_security_level = secure).
        var handshake = platform.Relay.Log.HandshakeOf(delivery);
        Assert.NotNull(handshake);
        Assert.StartsWith($"Verified TLS connection established to 127.0.0.1[127.0.0.1]:{platform.SmtpPort}: TLSv1.3", handshake.Text, StringComparison.Ordinal);
        var summary = await RelayedReports.SummaryAsync(tenant, name);
        Assert.Equal(1, (long)summary["reports"]!);
        Assert.Equal(90, (long)summary["successfulSessions"]!);
        Assert.Equal(10, (long)summary["failedSessions"]!);
        // The queue manager removes the message just after the delivery agent logged its status.
        await Eventually.TrueAsync(platform.Relay.QueueIsEmptyAsync, what: "Postfix's queue emptying");
    }

    [Fact]
    public async Task A_relay_that_expects_another_name_in_the_certificate_defers_instead_of_delivering()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, address) = await RelayedReports.RegisterAsync(tenant);
        await using var misdirected = new PostfixServer(platform.SmtpPort, platform.CaFile, "mx.elsewhere.example");
        await misdirected.StartAsync();

        var queueId = await misdirected.SubmitAsync(RelayedReports.Report(name, "misdirected", 1, 0), RelayedReports.Sender, address);
        var deferral = await misdirected.Log.DeliveryAsync(queueId, "deferred");

        // The check that makes "Verified" above mean something: same CA, same listener, only the expected name differs.
        Assert.Contains("status=deferred (Server certificate not verified)", deferral.Text, StringComparison.Ordinal);
        Assert.Equal(0, (long)(await RelayedReports.SummaryAsync(tenant, name))["reports"]!);
    }

    [Fact]
    public async Task A_report_the_listener_refuses_with_550_bounces_at_once_and_is_not_retried()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, address) = await RelayedReports.RegisterAsync(tenant);
        var aboutAnotherDomain = Reports.WithSessions("other.example", "foreign", RelayedReports.Day, 5, 5);

        var queueId = await platform.Relay.SubmitAsync(ReportMails.Report(name, aboutAnotherDomain, gzip: true), RelayedReports.Sender, address);
        var bounce = await platform.Relay.Log.DeliveryAsync(queueId, "bounced");

        Assert.Contains(Relay, bounce.Text, StringComparison.Ordinal);
        Assert.Contains("said: 550 5.6.0 policy-domain-mismatch", bounce.Text, StringComparison.Ordinal);
        await Eventually.TrueAsync(platform.Relay.QueueIsEmptyAsync, what: "Postfix's queue emptying after the bounce");
        // Logged once the notice to the sender is queued, which comes before the message leaves the queue.
        Assert.Contains(platform.Relay.Log.Lines(), l => l.Text.StartsWith($"{queueId}: sender non-delivery notification: ", StringComparison.Ordinal));
        Assert.DoesNotContain(platform.Relay.Log.Lines(), l => l.Text.StartsWith($"{queueId}: to=<", StringComparison.Ordinal) && !l.Text.Contains("status=bounced", StringComparison.Ordinal));
        Assert.Equal(0, (long)(await RelayedReports.SummaryAsync(tenant, name))["reports"]!);
        var rejection = Assert.Single(JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/rejections"))!.AsArray());
        Assert.Equal("policy-domain-mismatch", (string?)rejection!["kind"]);
        Assert.Equal("smtp", (string?)rejection["channel"]);
    }
}
