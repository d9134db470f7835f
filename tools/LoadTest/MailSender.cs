using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace TlsRptPlatform.LoadTest;

/// <summary>One sending MTA: a single SMTP connection over which it mails reports one after another, as Google's do.</summary>
internal sealed class MailSender : IDisposable
{
    private readonly SmtpClient _client = new();
    private readonly string _reportDomain;

    private MailSender(string reportDomain) => _reportDomain = reportDomain;

    public static async Task<MailSender> ConnectAsync(string hostAndPort, string reportDomain)
    {
        var sender = new MailSender(reportDomain);
        var (host, port) = (hostAndPort[..hostAndPort.LastIndexOf(':')], int.Parse(hostAndPort[(hostAndPort.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        // Like an MTA: Nagle off, so that the end of a message is not held back waiting for an ACK.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port);
        await sender._client.ConnectAsync(socket, host, port, SecureSocketOptions.None);
        return sender;
    }

    /// <summary>True when the listener answered 250 (the report is durable).</summary>
    public async Task<bool> SendAsync(string domain, string token, byte[] gzippedReport)
    {
        using var message = Message(domain, $"{token}@{_reportDomain}", gzippedReport);
        try
        {
            await _client.SendAsync(message);
            return true;
        }
        catch (SmtpCommandException)
        {
            return false;
        }
    }

    /// <summary>A report e-mail as Google sends it: multipart/report with the gzipped report attached.</summary>
    public static MimeMessage Message(string domain, string to, byte[] gzippedReport)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("noreply-smtp-tls-reporting@sender.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"Report Domain: {domain} Submitter: sender.example";
        message.Headers.Add("TLS-Report-Submitter", "sender.example");
        message.Body = new MultipartReport("tlsrpt")
        {
            new TextPart("plain") { Text = "This is an aggregate TLS report." },
            new MimePart("application", "tlsrpt+gzip")
            {
                Content = new MimeContent(new MemoryStream(gzippedReport)),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = $"sender.example!{domain}!0!1.json.gz",
            },
        };
        return message;
    }

    public void Dispose()
    {
        if (_client.IsConnected)
        {
            _client.Disconnect(true);
        }

        _client.Dispose();
    }
}
