namespace TlsRptPlatform.Abstractions.Domains;

/// <summary>A tenant's domain quota and how many domains it holds, as a refused registration reports them.</summary>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.DomainQuotaInfo")]
public sealed record DomainQuotaInfo([property: Id(0)] int MaxDomains, [property: Id(1)] int Domains);
