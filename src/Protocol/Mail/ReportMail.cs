using MimeKit;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Mail;

/// <summary>
/// Finds the TLS reports in a report e-mail (RFC 8460 §5.3): the attachments of a <c>multipart/report</c> with
/// <c>report-type=tlsrpt</c>, and what real senders send besides — <c>application/tlsrpt</c> (the drafts' type),
/// <c>application/gzip</c>, <c>application/json</c>, any other <c>application/*</c> part (e.g. <c>octet-stream</c>) with a
/// <c>.json</c>/<c>.json.gz</c>/<c>.gz</c> name, or the report as the whole message.
/// Every report is decompressed under the same limits as over HTTPS.
/// </summary>
public static class ReportMail
{
    /// <summary>More report parts than this in one message is refused, not partly processed.</summary>
    public const int MaxReportsPerMessage = 20;

    public const string SubmitterHeader = "TLS-Report-Submitter";

    private static readonly HashSet<string> ReportTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/tlsrpt+gzip", "application/tlsrpt+json", "application/tlsrpt", "application/gzip", "application/x-gzip", "application/json",
    };

    /// <summary>The decompressed JSON of each report part; throws <see cref="ReportFormatException"/> when there is none or one is unreadable.</summary>
    /// <remarks>Holds every report at once: for tools and tests. Ingestion inflates one <see cref="Parts">part</see> at a time.</remarks>
    public static IReadOnlyList<byte[]> Extract(MimeMessage message, ReportLimits limits) =>
        Parts(message).Select(p => ReportBody.ToJson(Body(p, limits), limits)).ToList();

    /// <summary>The message's report parts, not yet decoded; throws <see cref="ReportFormatException"/> when there is none or too many.</summary>
    public static IReadOnlyList<MimePart> Parts(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.BodyParts.OfType<MimePart>().Where(IsReport).ToList();
        if (parts.Count == 0)
        {
            throw new ReportFormatException(
                ReportErrorKind.Malformed, "$",
                "The message carries no TLS report: expected an application/tlsrpt+gzip or application/tlsrpt+json attachment.");
        }

        if (parts.Count > MaxReportsPerMessage)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The message carries {parts.Count} reports; at most {MaxReportsPerMessage} are accepted per message.");
        }

        return parts;
    }

    /// <summary>The <c>TLS-Report-Submitter</c> header, trimmed and bounded; null when absent.</summary>
    public static string? Submitter(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var value = message.Headers[SubmitterHeader]?.Trim();
        return string.IsNullOrEmpty(value) ? null : value[..Math.Min(value.Length, 255)];
    }

    private static bool IsReport(MimePart part)
    {
        var type = part.ContentType.MimeType;
        if (ReportTypes.Contains(type))
        {
            return true;
        }

        var name = part.FileName ?? string.Empty;
        return type.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
            && (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A report part's body with its transfer encoding (base64, quoted-printable) undone: gzip or JSON.</summary>
    public static byte[] Body(MimePart part, ReportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(limits);
        using var decoded = new BoundedMemoryStream(limits.MaxCompressedBytes, $"A report attachment is larger than {limits.MaxCompressedBytes} bytes.");
        part.Content?.DecodeTo(decoded);
        return decoded.ToArray();
    }
}
