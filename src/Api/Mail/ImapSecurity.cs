namespace TlsRptPlatform.Api.Mail;

public enum ImapSecurity
{
    None,
    StartTls,
    SslOnConnect,
}
