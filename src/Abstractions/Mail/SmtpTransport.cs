using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using TlsRptPlatform.Abstractions.Alerts;

namespace TlsRptPlatform.Abstractions.Mail;

/// <summary>
/// The one way the platform sends mail: through the server in <c>Alerts:Smtp</c>, one connection per message (alerts
/// and account mail are rare), bounded by its timeout. Alert e-mail (silo) and account mail (API) both use it.
/// </summary>
public sealed class SmtpTransport(IOptions<AlertOptions> options)
{
    public AlertSmtpOptions Settings => options.Value.Smtp;

    public bool Configured => !string.IsNullOrEmpty(Settings.Host);

    /// <exception cref="SmtpTransportException">No server is configured, or it refused or failed.</exception>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = Settings;
        if (smtp.Host is not { Length: > 0 } host)
        {
            throw new SmtpTransportException("No mail server is configured (Alerts:Smtp:Host).");
        }

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, smtp.Port, Security(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new SmtpTransportException($"The mail server refused or failed: {ex.Message}", ex);
        }
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
