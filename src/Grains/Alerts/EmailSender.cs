using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Grains.Digest;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Digest;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>Sends alert e-mails through the mail server in <c>Alerts:Smtp</c>, one connection per message (alerts are rare).</summary>
public sealed class EmailSender(IOptions<AlertOptions> options)
{
    public async Task SendAsync(AlertRecord alert, AlertChannelRecord channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var smtp = options.Value.Smtp;
        if (string.IsNullOrEmpty(smtp.Host))
        {
            throw new AlertDeliveryException("No mail server is configured (Alerts:Smtp:Host).");
        }

        ArgumentNullException.ThrowIfNull(alert);
        // A digest was rendered when it was queued; every other alert is laid out from its details here.
        using var message = alert.Kind == DigestStore.Kind
            ? DigestMessage.Email(alert, smtp.From, channel.Target)
            : AlertMessage.Email(alert, smtp.From, channel.Target);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new AlertDeliveryException($"The mail server refused or failed: {ex.Message}", ex);
        }
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
