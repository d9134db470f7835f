using System.Globalization;
using SmtpServer.Mail;
using SmtpServer.Protocol;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// The <c>SIZE</c> parameter of <c>MAIL FROM</c> as RFC 1870 defines it: a message declared larger than
/// <c>Smtp:MaxMessageBytes</c> is refused with 552 at once, and a malformed size with 501. The SMTP library reads the
/// value as an <see cref="int"/> and takes anything it cannot read (a negative number, text, more than 2^31) as "no
/// size", which would let such a sender on to DATA.
/// </summary>
/// <remarks>
/// <c>SIZE=</c> with nothing after the sign never reaches this check: the library's parser drops the whole parameter
/// list when one parameter is unreadable and passes an empty one. Such a message is still cut off at
/// <c>Smtp:MaxMessageBytes</c> during DATA (552, see <see cref="SessionPipe"/>).
/// </remarks>
internal sealed class DeclaredSizeCheck(long maxMessageBytes) : SmtpCommandFactory
{
    // RFC 1870 §3: size-value ::= 1*20DIGIT
    private const int MaxDigits = 20;

    public override SmtpCommand CreateMail(IMailbox address, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.TryGetValue("SIZE", out var value))
        {
            // The library gives a keyword without "=value" a null value.
            Check(value ?? string.Empty);
        }

        return base.CreateMail(address, parameters);
    }

    private void Check(string value)
    {
        // Thrown while the command line is parsed, the library answers it and the MAIL command is never executed.
        if (value.Length is 0 or > MaxDigits || !value.All(char.IsAsciiDigit))
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SyntaxError, "5.5.4 SIZE must be a number of bytes (RFC 1870)"));
        }

        if (UInt128.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) > (UInt128)maxMessageBytes)
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, $"5.3.4 Message size exceeds the limit of {maxMessageBytes} bytes"));
        }
    }
}
