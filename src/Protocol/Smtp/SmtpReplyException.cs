namespace TlsRptPlatform.Protocol.Smtp;

/// <summary>A reply that is not SMTP, too long, or cut off; the peer is not a usable SMTP server.</summary>
public sealed class SmtpReplyException : Exception
{
    public SmtpReplyException()
    {
    }

    public SmtpReplyException(string message)
        : base(message)
    {
    }

    public SmtpReplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
