namespace TlsRptPlatform.Api.Domains;

/// <summary>One reporting organization's sessions and failure rate: 50 failures out of 60 sessions is not 50 out of 2,000,000.</summary>
public sealed record OrganizationRate(string Organization, long Reports, long SuccessfulSessions, long FailedSessions, double FailureRate);
