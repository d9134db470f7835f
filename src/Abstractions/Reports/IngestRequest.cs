namespace TlsRptPlatform.Abstractions.Reports;

/// <param name="Json">The report as received, after decompression; archived byte for byte.</param>
/// <param name="Channel"><c>https</c>, <c>smtp</c>, <c>imap</c> or <c>import</c>.</param>
/// <param name="Dkim">For e-mail: the DKIM verdict, e.g. <c>pass:google.com</c>; null for HTTPS.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.IngestRequest")]
public sealed record IngestRequest(
    [property: Id(0)] string ReportToken,
    [property: Id(1)] byte[] Json,
    [property: Id(2)] string Channel,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] string? Submitter,
    [property: Id(5)] string? Dkim,
    [property: Id(6)] string? Source);
