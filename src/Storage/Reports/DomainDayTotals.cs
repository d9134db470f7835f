namespace TlsRptPlatform.Storage.Reports;

/// <summary>A domain's totals in one bucket of days (the overview's trend), <paramref name="Bucket"/> counted from the range's first day.</summary>
public sealed record DomainDayTotals(string Domain, int Bucket, long Reports, long SuccessfulSessions, long FailedSessions);
