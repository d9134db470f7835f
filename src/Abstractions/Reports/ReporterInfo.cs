namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>One organization that reports on a domain: the list customers check first when reports stop.</summary>
/// <param name="ReportsLast30Days">Reports received in the 30 days before now.</param>
/// <param name="CadenceHours">The usual time between the starts of its consecutive reports (median); null with fewer than two.</param>
/// <param name="Channel">How its latest report came: <c>https</c>, <c>smtp</c> or <c>imap</c>.</param>
/// <param name="DkimPasses">Whether its latest e-mailed report carried a passing DKIM signature; null when it has e-mailed none.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.ReporterInfo")]
public sealed record ReporterInfo(
    [property: Id(0)] string Organization,
    [property: Id(1)] DateTimeOffset FirstReportAt,
    [property: Id(2)] DateTimeOffset LastReportAt,
    [property: Id(3)] long Reports,
    [property: Id(4)] long ReportsLast30Days,
    [property: Id(5)] double? CadenceHours,
    [property: Id(6)] string Channel,
    [property: Id(7)] bool? DkimPasses);
