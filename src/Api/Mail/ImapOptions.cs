using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace TlsRptPlatform.Api.Mail;

/// <summary>Configuration section <c>Imap</c>: a mailbox the platform polls for report mail. Off unless <see cref="Host"/> is set.</summary>
public sealed class ImapOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary>MailKit's names: <c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c> (also <c>Auto</c>, <c>StartTlsWhenAvailable</c>).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.SslOnConnect;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The folder polled for unseen messages.</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where a message goes once all its reports are durable (created when missing).</summary>
    public string ProcessedFolder { get; set; } = "Processed";

    /// <summary>Where a message goes when it is refused for good: no report, unreadable, about an unknown domain.</summary>
    public string FailedFolder { get; set; } = "Failed";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages handled per poll; the rest wait for the next one.</summary>
    [Range(1, 10_000)]
    public int MaxMessagesPerPoll { get; set; } = 100;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);
}
