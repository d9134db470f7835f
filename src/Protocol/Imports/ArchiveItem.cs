using MimeKit;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Imports;

/// <summary>
/// One thing found in an uploaded archive: a report body (JSON or gzip), a report e-mail, or a
/// <see cref="Problem"/> that keeps it from being either. Exactly one of the three is set.
/// </summary>
/// <param name="Name">Where it was found, for people: a zip entry's path or "message 12 …" in an mbox.</param>
/// <param name="Position">How many bytes of the upload were read up to and including this item (progress).</param>
public sealed record ArchiveItem(string Name, long Position)
{
    public byte[]? Report { get; init; }

    /// <summary>Parsed with its content left in the upload file; the consumer disposes it.</summary>
    public MimeMessage? Message { get; init; }

    public ReportFormatException? Problem { get; init; }
}
