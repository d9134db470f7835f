namespace TlsRptPlatform.Abstractions.Alerts;

/// <summary>Configuration section <c>Alerts:Smtp</c>: the mail server alert e-mails are sent through.</summary>
public sealed class AlertSmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "tlsrpt-platform@localhost";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
