namespace TlsRptPlatform.Storage.Reports;

public sealed record ReportListEntry(
    long Id,
    string Organization,
    string ReportId,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset ReceivedAt,
    string Channel,
    string? Submitter,
    string? Dkim,
    long SuccessfulSessions,
    long FailedSessions,
    IReadOnlyList<string> Deviations);
