namespace TlsRptPlatform.Storage.Reports;

/// <summary>The report days of one reporting organization within a range: its first and last day and how many reports.</summary>
public sealed record OrganizationSpan(string Organization, DateOnly FirstDay, DateOnly LastDay, long Reports, long Days);
