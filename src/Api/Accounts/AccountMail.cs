using Microsoft.Extensions.Options;
using MimeKit;
using TlsRptPlatform.Abstractions.Mail;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// The mail a person gets from the platform about their account: verify the address, reset the password, join a
/// tenant, each with a single-use link (<see cref="DashboardLinks"/>). Sent through the alerts' mail server
/// (<see cref="SmtpTransport"/>).
/// </summary>
public sealed class AccountMail(SmtpTransport transport, IOptions<PlatformOptions> platform)
{
    /// <exception cref="SmtpTransportException">The mail server is not configured or refused the message.</exception>
    public Task SendVerificationAsync(string to, string token, CancellationToken cancellationToken) =>
        SendAsync(to, "Confirm your e-mail address",
            "Someone (hopefully you) created an account for this address on TlsRptPlatform. Confirm the address here:",
            Link("verify-email", token), "If you did not, ignore this message; nothing happens without the link.", cancellationToken);

    public Task SendPasswordResetAsync(string to, string token, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SendAsync(to, "Reset your password",
            "A new password was asked for the TlsRptPlatform account of this address. Choose one here:",
            Link("reset-password", token), $"The link works once, for {Describe(lifetime)}. If you did not ask, ignore this message; your password stays as it is.",
            cancellationToken);

    public Task SendInvitationAsync(string to, string tenantName, string role, string invitedBy, string token, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SendAsync(to, $"You are invited to {tenantName} on TlsRptPlatform",
            $"{invitedBy} invited you to the tenant \"{tenantName}\" as {role}. Accept here:",
            Link("invitation", token), $"The link works once, for {Describe(lifetime)}.", cancellationToken);

    private string Link(string page, string token) => DashboardLinks.WithToken(platform.Value.PublicBaseUrl, page, token);

    private static string Describe(TimeSpan lifetime) =>
        lifetime.TotalHours >= 48 ? $"{lifetime.TotalDays:0.#} days" : lifetime.TotalMinutes >= 120 ? $"{lifetime.TotalHours:0.#} hours" : $"{lifetime.TotalMinutes:0} minutes";

    private async Task SendAsync(string to, string subject, string intro, string link, string outro, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(transport.Settings.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        var encoded = System.Net.WebUtility.HtmlEncode(link);
        message.Body = new BodyBuilder
        {
            TextBody = $"{intro}\n\n{link}\n\n{outro}\n",
            HtmlBody = $"<p>{System.Net.WebUtility.HtmlEncode(intro)}</p><p><a href=\"{encoded}\">{encoded}</a></p><p>{System.Net.WebUtility.HtmlEncode(outro)}</p>",
        }.ToMessageBody();
        await transport.SendAsync(message, cancellationToken);
    }
}
