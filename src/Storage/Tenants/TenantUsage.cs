namespace TlsRptPlatform.Storage.Tenants;

/// <summary>What a tenant uses, as the operator console shows it. Days are UTC days of receipt, not report periods.</summary>
/// <param name="ReportsStored">Reports archived for the tenant's domains (kept for <c>Retention:Days</c>).</param>
/// <param name="ReportsToday">Of those, received since 00:00 UTC today.</param>
/// <param name="ReportsYesterday">Received during the previous UTC day.</param>
/// <param name="ReportsLast7Days">Received during the seven whole UTC days before today.</param>
/// <param name="StoredBytes">Bytes of those reports' raw archive as stored (gzip-compressed JSON); aggregates and indexes not counted.</param>
public sealed record TenantUsage(
    string TenantId,
    int Domains,
    long ReportsStored,
    long ReportsToday,
    long ReportsYesterday,
    long ReportsLast7Days,
    long StoredBytes)
{
    public static TenantUsage None(string tenantId) => new(tenantId, 0, 0, 0, 0, 0, 0);
}
