namespace TlsRptPlatform.Protocol.Smtp;

/// <summary>An SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines.</summary>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>An EHLO keyword (RFC 5321 §4.1.1.1): the first word of a line after the greeting line.</summary>
    public bool HasExtension(string keyword) =>
        Lines.Skip(1).Any(l => string.Equals(l.Split(' ', 2)[0], keyword, StringComparison.OrdinalIgnoreCase));
}
