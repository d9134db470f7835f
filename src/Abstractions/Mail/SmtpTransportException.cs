namespace TlsRptPlatform.Abstractions.Mail;

/// <summary>A message could not be handed to the mail server; the message says why (never the credentials).</summary>
public sealed class SmtpTransportException : Exception
{
    public SmtpTransportException()
    {
    }

    public SmtpTransportException(string message)
        : base(message)
    {
    }

    public SmtpTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
