namespace TlsRptPlatform.Storage.Tenants;

/// <param name="SuspendedAt">When the operator suspended the tenant; null while it is active.</param>
/// <param name="MaxDomains">The operator's domain quota for this tenant; null to use <c>Tenants:MaxDomains</c>.</param>
public sealed record TenantRecord(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt = null, int? MaxDomains = null)
{
    public bool Suspended => SuspendedAt is not null;
}
