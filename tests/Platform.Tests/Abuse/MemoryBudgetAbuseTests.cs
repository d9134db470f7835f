using System.Net;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using TlsRptPlatform.Api.Ingestion;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// Issue 11, item 4: bodies that inflate to tens of MiB share one memory budget across HTTPS and SMTP. While the
/// budget is taken (here by the test itself, standing in for a flood of bombs), large reports are turned away with a
/// retryable answer, small ones still get in, and a message's parts never hold more than one part's worth.
/// </summary>
public sealed class MemoryBudgetAbuseTests(TightBudgetPlatform platform) : IClassFixture<TightBudgetPlatform>
{
    private const long MiB = 1024 * 1024;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private IngestionBudget Budget => platform.Services.GetRequiredService<IngestionBudget>();

    [Fact]
    public async Task Over_https_a_large_report_gets_503_with_retry_after_while_a_small_one_still_gets_in()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var large = Reports.Padded(Reports.WithSessions(name, "large", Today, 1, 0), (int)(20 * MiB));

        HttpResponseMessage busy, small;
        using (Hold(Budget.Capacity - MiB))
        {
            busy = await platform.Http.PostGzipAsync(token, large);
            small = await platform.Http.PostGzipAsync(token, Reports.WithSessions(name, "small", Today, 1, 0));
        }

        using var retried = await platform.Http.PostGzipAsync(token, large);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.True(busy.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("urn:tlsrpt-platform:problem:ingestion-busy", (string?)JsonNode.Parse(await busy.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(0, Budget.InUse);
        busy.Dispose();
        small.Dispose();
    }

    [Fact]
    public async Task Over_smtp_a_busy_budget_is_a_temporary_451_and_the_message_is_stored_when_retried()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var message = ReportMails.Report(name, Reports.Padded(Reports.WithSessions(name, "mailed", Today, 1, 0), (int)(20 * MiB)), gzip: true);

        SmtpCommandException refused;
        using (Hold(Budget.Capacity - MiB))
        {
            refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(message, token));
        }

        var stored = await SendAsync(message, token);

        Assert.Equal(451, (int)refused.StatusCode);
        Assert.Contains("ingestion-busy", refused.Message, StringComparison.Ordinal);
        Assert.Contains("1 report(s) stored", stored, StringComparison.Ordinal);
        // The session gives its input buffer back when the listener has closed it, just after the reply.
        await Eventually.TrueAsync(() => Budget.InUse == 0, what: "every part and session gave its bytes back");
    }

    [Fact]
    public async Task A_mail_of_twenty_large_parts_fits_in_a_budget_of_one_part()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var message = ReportMails.Envelope(name);
        var multipart = new MultipartReport("tlsrpt");
        for (var i = 0; i < 20; i++)
        {
            var json = Reports.Padded(Reports.WithSessions(name, $"part-{i}", Today, 1, 0), (int)(20 * MiB));
            multipart.Add(new MimePart("application", "tlsrpt+gzip")
            {
                Content = new MimeContent(new MemoryStream(Corpus.Gzip(json))),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = $"report-{i}.json.gz",
            });
        }

        message.Body = multipart;

        // The budget (48 MiB) holds two such parts at most, never the 400 MiB of all twenty.
        var reply = await SendAsync(message, token);

        Assert.Contains("20 report(s) stored", reply, StringComparison.Ordinal);
        // The session gives its input buffer back when the listener has closed it, just after the reply.
        await Eventually.TrueAsync(() => Budget.InUse == 0, what: "every part and session gave its bytes back");
    }

    [Fact]
    public async Task A_message_arriving_while_the_budget_is_full_is_turned_away_and_its_buffer_given_back()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        // Plain JSON, padded: the message itself is 3 MiB on the wire, more than the room left in the budget.
        var message = ReportMails.Report(name, Reports.Padded(Reports.WithSessions(name, "buffered", Today, 1, 0), (int)(2 * MiB)), gzip: false);
        var held = Budget.Capacity - (256 * 1024);

        using (Hold(held))
        {
            // The listener answers 451 and closes mid-DATA; depending on timing the client sees the reply or the reset.
            await Assert.ThrowsAnyAsync<Exception>(() => SendAsync(message, token));
            await Eventually.TrueAsync(() => Budget.InUse == held, what: "the refused session gave its buffer back");
        }

        var reports = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports"))!.AsArray();
        var stored = await SendAsync(message, token);

        Assert.Empty(reports);
        Assert.Contains("1 report(s) stored", stored, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Budget.InUse == 0, what: "every session gave its buffer back");
    }

    private IDisposable Hold(long bytes)
    {
        var lease = Budget.Lease();
        lease.Grow(bytes);
        return lease;
    }

    private async Task<string> SendAsync(MimeMessage message, string token)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", platform.SmtpPort, SecureSocketOptions.None);
        try
        {
            return await client.SendAsync(message, MailboxAddress.Parse("reporter@sender.example"), [MailboxAddress.Parse($"{token}@reports.example.net")]);
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }
}
