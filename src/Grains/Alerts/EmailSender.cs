using TlsRptPlatform.Abstractions.Mail;
using TlsRptPlatform.Grains.Digest;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Digest;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>Sends alert e-mails through the platform's <see cref="SmtpTransport"/> (<c>Alerts:Smtp</c>).</summary>
public sealed class EmailSender(SmtpTransport transport)
{
    public async Task SendAsync(AlertRecord alert, AlertChannelRecord channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(alert);
        var from = transport.Settings.From;
        // A digest was rendered when it was queued; every other alert is laid out from its details here.
        using var message = alert.Kind == DigestStore.Kind
            ? DigestMessage.Email(alert, from, channel.Target)
            : AlertMessage.Email(alert, from, channel.Target);
        try
        {
            await transport.SendAsync(message, cancellationToken);
        }
        catch (SmtpTransportException ex)
        {
            throw new AlertDeliveryException(ex.Message, ex);
        }
    }
}
