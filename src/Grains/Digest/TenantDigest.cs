namespace TlsRptPlatform.Grains.Digest;

/// <summary>Everything one tenant's digest says about one week.</summary>
public sealed record TenantDigest(string TenantId, string TenantName, DigestWeek Week, IReadOnlyList<DomainWeek> Domains);
