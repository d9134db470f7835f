using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Mail;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Mail;

/// <summary>MailKit's SMTP client sends report mail to the platform's listener, as Google or Microsoft would.</summary>
public class SmtpIngestionTests(MailPlatform platform) : IClassFixture<MailPlatform>
{
    private const string ReportDomain = "reports.example.net";
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task Every_corpus_email_is_accepted_once_with_its_submitter_and_dkim_verdict()
    {
        using var tenant = await platform.NewTenantAsync();
        var files = Directory.EnumerateFiles(Corpus.Directory, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var message = await MimeMessage.LoadAsync(file);
            var report = TlsReportReader.Parse(ReportMail.Extract(message, new ReportLimits())[0], new ReportLimits());
            var (name, token) = await tenant.RegisterDomainAsync(report.Policies.First(p => p.PolicyDomain is not null).PolicyDomain);
            var before = await ReportCountAsync(tenant, name);

            var first = await SendAsync(message, token);
            var again = await SendAsync(message, token);

            Assert.StartsWith("2.6.0", first, StringComparison.Ordinal);
            Assert.StartsWith("2.6.0", again, StringComparison.Ordinal);
            var reports = await ReportsAsync(tenant, name);
            Assert.Equal(before + 1, reports.Count);
            var stored = reports.Single(r => (string?)r["reportId"] == report.ReportId);
            Assert.Equal("smtp", (string?)stored["channel"]);
            Assert.Equal(message.Headers[ReportMail.SubmitterHeader]?.Trim(), (string?)stored["submitter"]);
            // Corpus signatures cannot verify here (no internet, so no keys): signed mail fails, unsigned is none.
            var dkim = (string)stored["dkim"]!;
            if (message.Headers.Contains(HeaderId.DkimSignature))
            {
                Assert.StartsWith("fail:", dkim, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("none", dkim);
            }
        }
    }

    [Fact]
    public async Task A_report_sent_by_mail_and_by_https_counts_once()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var json = Reports.WithSessions(name, "both-ways", Yesterday, 90, 10);

        var mail = await SendAsync(ReportMails.Report(name, json, gzip: true), token);
        using var https = await platform.Http.PostJsonAsync(token, json);

        Assert.StartsWith("2.6.0", mail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        Assert.Equal("duplicate", (string?)JsonNode.Parse(await https.Content.ReadAsStringAsync())!["status"]);
        var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/summary?from={Yesterday:yyyy-MM-dd}&to={Yesterday:yyyy-MM-dd}"))!;
        Assert.Equal(1, (long)summary["reports"]!);
        Assert.Equal(10, (long)summary["failedSessions"]!);
    }

    [Theory]
    [InlineData("multipart/report; report-type=tlsrpt", "application/tlsrpt+gzip", "r.json.gz", true)]
    [InlineData("multipart/report; charset=utf-8; report-type=\"tlsrpt\"", "application/tlsrpt+json", "r.json", false)]
    [InlineData("multipart/mixed", "application/gzip", "google.com!example.com!1!2.json.gz", true)]
    [InlineData("multipart/mixed", "application/octet-stream", "report.json.gz", true)]
    [InlineData("multipart/mixed", "application/json", "report.json", false)]
    public async Task What_real_senders_attach_is_accepted(string container, string attachmentType, string fileName, bool gzip)
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var json = Reports.WithSessions(name, $"shape-{Guid.NewGuid():N}", Yesterday, 5, 0);
        var message = ReportMails.Report(name, json, gzip, attachmentType, fileName);
        message.Body = Reshape((Multipart)message.Body!, container);

        var reply = await SendAsync(message, token);

        Assert.StartsWith("2.6.0", reply, StringComparison.Ordinal);
        Assert.Single(await ReportsAsync(tenant, name));
    }

    [Fact]
    public async Task A_report_as_the_whole_message_is_accepted()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var message = ReportMails.Envelope(name);
        message.Body = new MimePart("application", "tlsrpt+gzip") { Content = new MimeContent(new MemoryStream(Corpus.Gzip(Reports.WithSessions(name, "whole", Yesterday, 1, 0)))), ContentTransferEncoding = ContentEncoding.Base64 };

        Assert.StartsWith("2.6.0", await SendAsync(message, token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_recipient_is_refused_at_rcpt()
    {
        var message = ReportMails.Envelope("example.org");
        message.Body = new TextPart("plain") { Text = "hello" };

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(message, "notatoken"));
        var wrongDomain = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(message, "abc", "elsewhere.example"));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.Equal(550, (int)refused.StatusCode);
        Assert.Equal(550, (int)wrongDomain.StatusCode);
    }

    [Fact]
    public async Task Mail_without_a_report_or_about_another_domain_is_refused_at_the_end_of_data_and_nothing_is_stored()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var empty = ReportMails.Envelope(name);
        empty.Body = new TextPart("plain") { Text = "no report here" };
        var foreign = ReportMails.Report(name, Reports.WithSessions("other.example", "foreign", Yesterday, 1, 1), gzip: true);

        var noReport = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(empty, token));
        var mismatch = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(foreign, token));

        Assert.Equal(550, (int)noReport.StatusCode);
        Assert.Contains("malformed-report", noReport.Message, StringComparison.Ordinal);
        Assert.Equal(550, (int)mismatch.StatusCode);
        Assert.Contains("policy-domain-mismatch", mismatch.Message, StringComparison.Ordinal);
        Assert.Empty(await ReportsAsync(tenant, name));
        var rejections = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/rejections"))!.AsArray();
        Assert.Equal(["policy-domain-mismatch", "malformed-report"], rejections.Select(r => (string?)r!["kind"]));
        Assert.All(rejections, r => Assert.Equal("smtp", (string?)r!["channel"]));
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_with_552()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var big = ReportMails.Envelope(name);
        big.Body = new TextPart("plain") { Text = new string('x', MailPlatform.MaxMessageBytes + 1000) };

        var declared = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(big, token));
        var undeclared = await RawDataAsync(token, MailPlatform.MaxMessageBytes + (200 * 1024));

        Assert.Equal(552, (int)declared.StatusCode);
        Assert.StartsWith("552", undeclared, StringComparison.Ordinal);
        Assert.Empty(await ReportsAsync(tenant, name));
    }

    [Fact]
    public async Task Starttls_is_offered_when_a_certificate_is_configured()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=reports.example.net" };

        await client.ConnectAsync("127.0.0.1", platform.SmtpPort, SecureSocketOptions.StartTls);
        var reply = await client.SendAsync(ReportMails.Report(name, Reports.WithSessions(name, "tls", Yesterday, 1, 0), gzip: true), MailboxAddress.Parse("reporter@sender.example"), [MailboxAddress.Parse($"{token}@{ReportDomain}")]);
        var secure = client.IsSecure;
        await client.DisconnectAsync(true);

        Assert.True(secure);
        Assert.StartsWith("2.6.0", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dkim_signatures_are_verified_with_keys_from_dns_and_a_domain_may_require_them()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        using var key = RSA.Create(2048);
        var signer = $"s{Guid.NewGuid():N}.example";
        platform.Dns.AddTxt($"sel._domainkey.{signer}", $"v=DKIM1; k=rsa; p={Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}");
        using var unrelated = RSA.Create(2048);

        using var require = await tenant.PatchAsJsonAsync($"/v1/domains/{name}", new { requireDkim = true });
        var unsigned = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(ReportMails.Report(name, Reports.WithSessions(name, "unsigned", Yesterday, 1, 0), gzip: true), token));
        var forged = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Signed(ReportMails.Report(name, Reports.WithSessions(name, "forged", Yesterday, 1, 0), gzip: true), unrelated, signer), token));
        var passed = await SendAsync(Signed(ReportMails.Report(name, Reports.WithSessions(name, "signed", Yesterday, 1, 0), gzip: true), key, signer), token);
        using var relax = await tenant.PatchAsJsonAsync($"/v1/domains/{name}", new { requireDkim = false });
        var accepted = await SendAsync(Signed(ReportMails.Report(name, Reports.WithSessions(name, "forged-kept", Yesterday, 1, 0), gzip: true), unrelated, signer), token);

        Assert.Equal(HttpStatusCode.OK, require.StatusCode);
        Assert.True((bool)JsonNode.Parse(await require.Content.ReadAsStringAsync())!["requireDkim"]!);
        Assert.Contains("dkim-required", unsigned.Message, StringComparison.Ordinal);
        Assert.Contains("dkim-required", forged.Message, StringComparison.Ordinal);
        Assert.StartsWith("2.6.0", passed, StringComparison.Ordinal);
        Assert.StartsWith("2.6.0", accepted, StringComparison.Ordinal);
        var reports = await ReportsAsync(tenant, name);
        Assert.Equal($"pass:{signer}", (string?)reports.Single(r => (string?)r["reportId"] == "signed")["dkim"]);
        Assert.Equal($"fail:{signer}", (string?)reports.Single(r => (string?)r["reportId"] == "forged-kept")["dkim"]);
    }

    [Fact]
    public async Task A_dkim_key_that_cannot_be_looked_up_now_is_a_temporary_failure_not_a_refusal()
    {
        using var tenant = await platform.NewTenantAsync();
        var (strict, strictToken) = await tenant.RegisterDomainAsync();
        var (relaxed, relaxedToken) = await tenant.RegisterDomainAsync();
        using var key = RSA.Create(2048);
        var signer = $"s{Guid.NewGuid():N}.example";
        platform.Dns.AddTxt($"sel._domainkey.{signer}", $"v=DKIM1; k=rsa; p={Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}");
        using var require = await tenant.PatchAsJsonAsync($"/v1/domains/{strict}", new { requireDkim = true });
        platform.Dns.Set($"sel._domainkey.{signer}", TestDnsServer.Behaviour.ServFail);

        var deferred = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Signed(ReportMails.Report(strict, Reports.WithSessions(strict, "dkim-later", Yesterday, 1, 0), gzip: true), key, signer), strictToken));
        var kept = await SendAsync(Signed(ReportMails.Report(relaxed, Reports.WithSessions(relaxed, "dkim-unknown", Yesterday, 1, 0), gzip: true), key, signer), relaxedToken);
        platform.Dns.Set($"sel._domainkey.{signer}", TestDnsServer.Behaviour.None);
        var retried = await SendAsync(Signed(ReportMails.Report(strict, Reports.WithSessions(strict, "dkim-later", Yesterday, 1, 0), gzip: true), key, signer), strictToken);

        Assert.Equal(451, (int)deferred.StatusCode);
        Assert.Contains("dkim-temperror", deferred.Message, StringComparison.Ordinal);
        Assert.StartsWith("2.6.0", kept, StringComparison.Ordinal);
        Assert.Equal($"temperror:{signer}", (string?)(await ReportsAsync(tenant, relaxed)).Single()["dkim"]);
        Assert.StartsWith("2.6.0", retried, StringComparison.Ordinal);
        Assert.Equal($"pass:{signer}", (string?)(await ReportsAsync(tenant, strict)).Single()["dkim"]);
        Assert.Empty(JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{strict}/rejections"))!.AsArray());
    }

    private static MimeMessage Signed(MimeMessage message, RSA key, string domain)
    {
        using var pem = new MemoryStream(Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        var signer = new DkimSigner(pem, domain, "sel")
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        return message;
    }

    private static Multipart Reshape(Multipart original, string container)
    {
        var type = ContentType.Parse(container);
        var reshaped = type.MediaSubtype.Equals("report", StringComparison.OrdinalIgnoreCase) ? new MultipartReport(type.Parameters["report-type"]!) : new Multipart(type.MediaSubtype);
        foreach (var parameter in type.Parameters)
        {
            reshaped.ContentType.Parameters[parameter.Name] = parameter.Value;
        }

        foreach (var part in original.ToList())
        {
            reshaped.Add(part);
        }

        return reshaped;
    }

    private async Task<string> SendAsync(MimeMessage message, string token, string domain = ReportDomain)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", platform.SmtpPort, SecureSocketOptions.None);
        try
        {
            return await client.SendAsync(message, MailboxAddress.Parse("reporter@sender.example"), [MailboxAddress.Parse($"{token}@{domain}")]);
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }

    /// <summary>A sender that ignores SIZE: MAIL FROM without it, then a body past the limit. Returns the reply to the data.</summary>
    private async Task<string> RawDataAsync(string token, int bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, platform.SmtpPort);
        using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await ExpectAsync("220");
        await SendLineAsync("EHLO sender.example");
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null && line.StartsWith("250-", StringComparison.Ordinal))
        {
        }

        await SendLineAsync("MAIL FROM:<reporter@sender.example>");
        await ExpectAsync("250");
        await SendLineAsync($"RCPT TO:<{token}@{ReportDomain}>");
        await ExpectAsync("250");
        await SendLineAsync("DATA");
        await ExpectAsync("354");
        var chunk = Encoding.ASCII.GetBytes(new string('y', 998) + "\r\n");
        try
        {
            for (var sent = 0; sent < bytes; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(".\r\n"));
        }
        catch (IOException)
        {
            // The listener closed the connection mid-data, as it should; its reply is already on the wire.
        }

        return await reader.ReadLineAsync() ?? string.Empty;

        async Task SendLineAsync(string command) => await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));

        async Task ExpectAsync(string code)
        {
            var reply = await reader.ReadLineAsync();
            Assert.StartsWith(code, reply, StringComparison.Ordinal);
        }
    }

    private static async Task<List<JsonNode>> ReportsAsync(HttpClient tenant, string name) =>
        JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports?from=2000-01-01&to=2099-12-31"))!.AsArray().Select(r => r!).ToList();

    private static async Task<int> ReportCountAsync(HttpClient tenant, string name) => (await ReportsAsync(tenant, name)).Count;
}
