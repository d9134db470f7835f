namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>Totals over an inclusive range of report start days. Breakdowns count failed sessions; by policy type, both.</summary>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.DomainSummary")]
public sealed record DomainSummary(
    [property: Id(0)] long Reports,
    [property: Id(1)] long SuccessfulSessions,
    [property: Id(2)] long FailedSessions,
    [property: Id(3)] IReadOnlyDictionary<string, long> ByResultType,
    [property: Id(4)] IReadOnlyDictionary<string, long> ByOrganization,
    [property: Id(5)] IReadOnlyDictionary<string, PolicyTypeSessions> ByPolicyType,
    [property: Id(6)] IReadOnlyDictionary<string, long> ByReceivingMx,
    [property: Id(7)] IReadOnlyDictionary<string, long> BySendingIp,
    [property: Id(8)] IReadOnlyDictionary<string, long> ByPolicyDomain,
    [property: Id(9)] IReadOnlyList<ReportExplanation>? Explanations = null);
