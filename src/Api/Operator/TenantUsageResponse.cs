using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Operator;

/// <summary>A tenant as the operator console lists it: status, quota and usage (<see cref="TenantUsage"/> says what each figure counts).</summary>
/// <param name="Status"><c>active</c> or <c>suspended</c>.</param>
/// <param name="MaxDomains">The quota in force: the tenant's own, or <c>Tenants:MaxDomains</c>.</param>
/// <param name="MaxDomainsOverride">The tenant's own quota; null when the default applies.</param>
/// <param name="ReportsPerDay">Average over the seven whole UTC days before today.</param>
public sealed record TenantUsageResponse(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    string Status,
    DateTimeOffset? SuspendedAt,
    int Domains,
    int MaxDomains,
    int? MaxDomainsOverride,
    long ReportsStored,
    long ReportsToday,
    long ReportsYesterday,
    double ReportsPerDay,
    long StoredBytes)
{
    public static TenantUsageResponse Describe(TenantRecord tenant, TenantUsage? usage, int defaultMaxDomains)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        usage ??= TenantUsage.None(tenant.Id);
        return new TenantUsageResponse(
            tenant.Id, tenant.Name, tenant.CreatedAt, tenant.Suspended ? "suspended" : "active", tenant.SuspendedAt,
            usage.Domains, tenant.MaxDomains ?? defaultMaxDomains, tenant.MaxDomains,
            usage.ReportsStored, usage.ReportsToday, usage.ReportsYesterday, Math.Round(usage.ReportsLast7Days / 7.0, 2), usage.StoredBytes);
    }
}
