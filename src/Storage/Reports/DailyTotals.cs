namespace TlsRptPlatform.Storage.Reports;

public sealed record DailyTotals(DateOnly Day, long Reports, long SuccessfulSessions, long FailedSessions);
