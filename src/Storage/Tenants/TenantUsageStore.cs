using System.Data.Common;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Tenants;

/// <summary>
/// The operator console's usage figures, from two SQL aggregates: domains per tenant (an index-only count), and one
/// pass over the archived reports of the tenant's domains, counting rows by day of receipt and summing the stored
/// length of the raw column. Both databases answer that length from the value's header (PostgreSQL's TOAST header,
/// SQLite's record header) without reading the report, so the cost is bounded by the number of reports kept
/// (<c>Retention:Days</c>), not by their size. Fine for an operator's page, not for a hot path.
/// </summary>
public sealed class TenantUsageStore(PlatformDatabase database)
{
    /// <summary>Usage of one tenant, or of all when <paramref name="tenantId"/> is null; tenants with nothing are absent.</summary>
    public async Task<IReadOnlyDictionary<string, TenantUsage>> MeasureAsync(string? tenantId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var filter = tenantId is null ? string.Empty : "WHERE d.tenant_id = @t";
        await using var connection = await database.OpenAsync(cancellationToken);

        var domains = await Filtered(connection.Command($"SELECT d.tenant_id, CAST(COUNT(*) AS bigint) FROM domains d {filter} GROUP BY d.tenant_id"), tenantId)
            .ListAsync(r => (TenantId: r.GetString(0), Count: (int)r.GetInt64(1)), cancellationToken);
        var reports = await Filtered(connection.Command(
                $"""
                SELECT d.tenant_id,
                       CAST(COUNT(*) AS bigint),
                       CAST(COALESCE(SUM(CASE WHEN r.received_at >= @today THEN 1 ELSE 0 END), 0) AS bigint),
                       CAST(COALESCE(SUM(CASE WHEN r.received_at >= @yesterday AND r.received_at < @today THEN 1 ELSE 0 END), 0) AS bigint),
                       CAST(COALESCE(SUM(CASE WHEN r.received_at >= @week AND r.received_at < @today THEN 1 ELSE 0 END), 0) AS bigint),
                       CAST(COALESCE(SUM(length(r.raw)), 0) AS bigint)
                FROM reports r JOIN domains d ON d.name = r.domain
                {filter}
                GROUP BY d.tenant_id
                """), tenantId)
            .With("today", today.ToUnixTimeMilliseconds())
            .With("yesterday", today.AddDays(-1).ToUnixTimeMilliseconds())
            .With("week", today.AddDays(-7).ToUnixTimeMilliseconds())
            .ListAsync(r => new TenantUsage(r.GetString(0), 0, r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)), cancellationToken);

        var usage = reports.ToDictionary(u => u.TenantId, StringComparer.Ordinal);
        foreach (var (id, count) in domains)
        {
            usage[id] = (usage.GetValueOrDefault(id) ?? TenantUsage.None(id)) with { Domains = count };
        }

        return usage;
    }

    // No parameter at all for the list: PostgreSQL cannot type an unused null parameter.
    private static DbCommand Filtered(DbCommand command, string? tenantId) => tenantId is null ? command : command.With("t", tenantId);
}
