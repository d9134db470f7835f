namespace TlsRptPlatform.Storage.Domains;

/// <summary>What registering or taking over a domain did: who holds it afterwards, or the quota that refused it.</summary>
/// <param name="Holder">The domain's holder afterwards; null when the quota refused the claim and nothing changed.</param>
/// <param name="QuotaReached">The claimant's quota, when it is full and the claim would have added a domain.</param>
public sealed record DomainClaim(DomainRecord? Holder, DomainQuota? QuotaReached = null);
