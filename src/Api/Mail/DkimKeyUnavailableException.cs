namespace TlsRptPlatform.Api.Mail;

/// <summary>A DKIM key's lookup failed (time-out, SERVFAIL): the signature is neither good nor bad yet.</summary>
public sealed class DkimKeyUnavailableException : Exception
{
    public DkimKeyUnavailableException()
    {
    }

    public DkimKeyUnavailableException(string message)
        : base(message)
    {
    }

    public DkimKeyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
