namespace TlsRptPlatform.Abstractions.Domains;

[GenerateSerializer, Immutable, Alias("TlsRptPlatform.DomainInfo")]
public sealed record DomainInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string ReportToken,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] bool Verified,
    [property: Id(5)] bool RequireDkim = false,
    [property: Id(6)] DateTimeOffset? PreviousReportTokenExpiresAt = null);
