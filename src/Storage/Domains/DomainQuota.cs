namespace TlsRptPlatform.Storage.Domains;

/// <summary>A tenant's domain quota and how many domains it holds, counted under the tenant's lock.</summary>
public sealed record DomainQuota(int MaxDomains, int Domains)
{
    public bool Reached => Domains >= MaxDomains;
}
