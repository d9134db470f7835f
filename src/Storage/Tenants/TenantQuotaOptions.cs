using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Storage.Tenants;

/// <summary>Section <c>Tenants</c>: the limits every tenant has unless the operator sets its own.</summary>
public sealed class TenantQuotaOptions
{
    /// <summary>The most domains a tenant may register. 1,000 is far above a single organisation's needs and still
    /// keeps one tenant from filling the registry; an agency with more gets a per-tenant quota from the operator.</summary>
    public const int DefaultMaxDomains = 1000;

    [Range(0, 1_000_000)]
    public int MaxDomains { get; set; } = DefaultMaxDomains;
}
