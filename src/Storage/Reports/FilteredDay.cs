namespace TlsRptPlatform.Storage.Reports;

/// <summary>A day under a filter.</summary>
/// <param name="ScopeSessions">All sessions (successful and failed) of the organization scope: the base of the failure rate.</param>
public sealed record FilteredDay(DateOnly Day, long Reports, long SuccessfulSessions, long FailedSessions, long ScopeSessions);
