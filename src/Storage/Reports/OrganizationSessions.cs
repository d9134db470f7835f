namespace TlsRptPlatform.Storage.Reports;

/// <summary>One reporting organization's sessions over a range: the rate behind its failures.</summary>
public sealed record OrganizationSessions(string Organization, long Reports, long SuccessfulSessions, long FailedSessions);
