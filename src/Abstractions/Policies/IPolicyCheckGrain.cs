namespace TlsRptPlatform.Abstractions.Policies;

/// <summary>
/// Checks one domain's DNS policies (keyed by the domain name) outside the domain grain: lookups and the MTA-STS fetch
/// can wait for seconds on a slow or broken name server, and the domain's reports must not wait with them. The domain
/// grain hands out what the check needs and records its result; it never calls this grain.
/// </summary>
[Alias("TlsRptPlatform.IPolicyCheckGrain")]
public interface IPolicyCheckGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks the domain now and returns the policy state with the result; null when the domain is not registered or,
    /// with a <paramref name="tenantId"/>, not that tenant's. The scheduler's checks pass no tenant and
    /// <paramref name="scheduled"/>, which also sets when the next one is due.
    /// </summary>
    /// <remarks>Longer than Orleans' default 30 s: up to ten MX hosts' TLSA lookups, each bounded by <c>Dns:Timeout</c>.</remarks>
    [Alias("Check")]
    [ResponseTimeout("00:02:00")]
    Task<PolicySnapshot?> CheckAsync(string? tenantId, bool scheduled);
}
