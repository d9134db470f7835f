namespace TlsRptPlatform.Protocol.Reports;

/// <summary>An SMTP TLS report as defined by RFC 8460 §4.4, after parsing and validation.</summary>
/// <param name="Deviations">Known real-world departures from the RFC that were tolerated, for diagnostics.</param>
public sealed record TlsReport(
    string OrganizationName,
    DateTimeOffset StartDatetime,
    DateTimeOffset EndDatetime,
    string? ContactInfo,
    string ReportId,
    IReadOnlyList<PolicyResult> Policies,
    IReadOnlyList<string> Deviations)
{
    /// <summary>The UTC day a report is filed under: the day its date range starts.</summary>
    public DateOnly Day => DateOnly.FromDateTime(StartDatetime.UtcDateTime);
}
