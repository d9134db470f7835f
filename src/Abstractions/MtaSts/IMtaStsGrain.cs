namespace TlsRptPlatform.Abstractions.MtaSts;

/// <summary>
/// A domain's hosted MTA-STS policy and the road to <c>enforce</c>, keyed by the normalised domain name. Apart from the
/// domain grain (STYLE 10): its DNS lookups and report reads never hold up the domain's ingestion. It calls the domain
/// grain (ownership, last check); the domain grain never calls it. Tenant methods answer as if the domain did not
/// exist when it is another tenant's (DESIGN D6).
/// </summary>
[Alias("TlsRptPlatform.IMtaStsGrain")]
public interface IMtaStsGrain : IGrainWithStringKey
{
    /// <summary>The hosted policy with its records and whether DNS shows them.</summary>
    [Alias("Get")]
    Task<HostedPolicyResult> GetAsync(string tenantId);

    /// <summary>Creates or replaces the hosted policy; every change gets a new id. Patterns must already be validated.</summary>
    [Alias("Put")]
    Task<HostedPolicyResult> PutAsync(string tenantId, HostedPolicyDraft draft);

    [Alias("Delete")]
    Task<HostedPolicyResult> DeleteAsync(string tenantId);

    /// <summary>Whether the domain's reports say that switching to <c>enforce</c> is safe; null when not the tenant's domain.</summary>
    [Alias("GetReadiness")]
    Task<MtaStsReadiness?> GetReadinessAsync(string tenantId);

    /// <summary>The one-step switch of a hosted policy to <c>enforce</c> (new id); refused while not ready unless forced.</summary>
    [Alias("Enforce")]
    Task<HostedPolicyResult> EnforceAsync(string tenantId, bool force);

    /// <summary>The scheduler's watch: <c>enforce-ready</c> alerts while testing, the guard after a switch. Internal: no tenant.</summary>
    [Alias("Watch")]
    Task WatchAsync();
}
