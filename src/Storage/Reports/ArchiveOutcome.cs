namespace TlsRptPlatform.Storage.Reports;

/// <param name="Duplicate">True when a report with the same (organization, report-id) was already archived for the domain.</param>
public sealed record ArchiveOutcome(long Id, bool Duplicate);
