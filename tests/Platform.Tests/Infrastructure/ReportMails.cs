using MimeKit;
using TlsRptPlatform.Protocol.Mail;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Report e-mails as senders build them: a multipart/report with the report attached.</summary>
public static class ReportMails
{
    public static MimeMessage Envelope(string domain)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("noreply-smtp-tls-reporting@sender.example"));
        message.To.Add(MailboxAddress.Parse($"tlsrpt@{domain}"));
        message.Subject = $"Report Domain: {domain} Submitter: sender.example Report-ID: <x>";
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = $"{Guid.NewGuid():N}@sender.example";
        message.Headers.Add(ReportMail.SubmitterHeader, "sender.example");
        return message;
    }

    public static MimeMessage Report(string domain, byte[] json, bool gzip, string? attachmentType = null, string? fileName = null)
    {
        var message = Envelope(domain);
        var type = ContentType.Parse(attachmentType ?? (gzip ? "application/tlsrpt+gzip" : "application/tlsrpt+json"));
        var report = new MimePart(type)
        {
            Content = new MimeContent(new MemoryStream(gzip ? Corpus.Gzip(json) : json)),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName ?? (gzip ? "report.json.gz" : "report.json"),
        };
        var multipart = new MultipartReport("tlsrpt") { new TextPart("plain") { Text = "This is an aggregate TLS report." }, report };
        message.Body = multipart;
        return message;
    }
}
