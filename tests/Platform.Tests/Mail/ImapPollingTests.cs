using System.Net;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Mail;

/// <summary>The platform polls a real Dovecot mailbox; messages move only after their reports are durable.</summary>
public class ImapPollingTests(ImapPlatform platform) : IClassFixture<ImapPlatform>
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task Unseen_report_mail_is_ingested_and_moved_to_processed_or_failed()
    {
        using var tenant = await platform.NewTenantAsync();
        var (addressed, token) = await tenant.RegisterDomainAsync();
        var (collected, _) = await tenant.RegisterDomainAsync();
        var toReportAddress = ReportMails.Report(addressed, Reports.WithSessions(addressed, "imap-1", Yesterday, 80, 20), gzip: true);
        toReportAddress.To.Clear();
        toReportAddress.To.Add(MailboxAddress.Parse($"{token}@reports.example.net"));
        // A mailbox that collects reports under the operator's own address: routed by the report's policy-domain.
        var toOperator = ReportMails.Report(collected, Reports.WithSessions(collected, "imap-2", Yesterday, 10, 0), gzip: false);
        var duplicate = ReportMails.Report(addressed, Reports.WithSessions(addressed, "imap-1", Yesterday, 80, 20), gzip: false);
        var noReport = ReportMails.Envelope(addressed);
        noReport.Body = new TextPart("plain") { Text = "Out of office" };

        await AppendAsync(toReportAddress, toOperator, duplicate, noReport);
        await Eventually.TrueAsync(async () => (await CountAsync("INBOX")) == 0, what: "the inbox emptied");

        Assert.Equal(3, await CountAsync("Processed"));
        Assert.Equal(1, await CountAsync("Failed"));
        var addressedReports = await ReportsAsync(tenant, addressed);
        var stored = Assert.Single(addressedReports);
        Assert.Equal("imap", (string?)stored["channel"]);
        Assert.Equal("sender.example", (string?)stored["submitter"]);
        Assert.Equal("none", (string?)stored["dkim"]);
        Assert.Single(await ReportsAsync(tenant, collected));
        var rejections = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{addressed}/rejections"))!.AsArray();
        Assert.Empty(rejections); // not addressed to a report address: nobody's rejection log, only the Failed folder

        using var https = await platform.Http.PostJsonAsync(token, Reports.WithSessions(addressed, "imap-1", Yesterday, 80, 20));
        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
    }

    private async Task AppendAsync(params MimeMessage[] messages)
    {
        using var client = await ConnectAsync();
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        foreach (var message in messages)
        {
            await inbox.AppendAsync(message, MessageFlags.None);
        }

        await client.DisconnectAsync(true);
    }

    private async Task<int> CountAsync(string folder)
    {
        using var client = await ConnectAsync();
        try
        {
            var mailbox = folder == "INBOX" ? client.Inbox : await client.GetFolder(client.PersonalNamespaces[0]).GetSubfolderAsync(folder);
            await mailbox.OpenAsync(FolderAccess.ReadOnly);
            return mailbox.Count;
        }
        catch (FolderNotFoundException)
        {
            return 0;
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }

    private async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", platform.Imap.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password);
        return client;
    }

    private static async Task<List<JsonNode>> ReportsAsync(HttpClient tenant, string name) =>
        JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports?from=2000-01-01&to=2099-12-31"))!.AsArray().Select(r => r!).ToList();
}
