namespace TlsRptPlatform.Storage.Reports;

/// <summary>An accepted report as archived: the JSON as received (after decompression) and where it came from.</summary>
public sealed record StoredReport(
    string Domain,
    string Organization,
    string ReportId,
    DateOnly Day,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset ReceivedAt,
    string Channel,
    string? Submitter,
    string? Dkim,
    long SuccessfulSessions,
    long FailedSessions,
    IReadOnlyList<string> Deviations,
    byte[] Raw);
