namespace TlsRptPlatform.Abstractions.Alerts;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}
