using System.Data.Common;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Storage.Domains;

/// <summary>The domain registry. A domain's grain is the only writer of its row.</summary>
public sealed class DomainStore(PlatformDatabase database, IOptions<TenantQuotaOptions> quotas)
{
    private const string Columns = "name, tenant_id, report_token, created_at, verified";
    private const string SelectColumns = Columns + ", require_dkim, previous_report_token, previous_report_token_expires_at";

    /// <summary>Tables whose rows belong to the domain's holder.</summary>
    private static readonly string[] OwnedTables = ["daily_breakdown", "monthly_breakdown", "daily_totals", "report_failures", "reports", "policy_history", "alert_rules", "rejections", "imports", "hosted_policies"];

    public async Task<DomainRecord?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, "name = @v", name, cancellationToken);
    }

    /// <summary>The domain whose current or previous report token this is; whether the previous one is still accepted is <see cref="DomainRecord.Accepts"/>.</summary>
    public async Task<DomainRecord?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, "report_token = @v OR previous_report_token = @v", token, cancellationToken);
    }

    /// <summary>Gives the domain a new report token; the current one becomes the previous one, accepted until <paramref name="previousExpiresAt"/>.</summary>
    public async Task RotateReportTokenAsync(string name, string newToken, DateTimeOffset previousExpiresAt, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command(
                "UPDATE domains SET previous_report_token = report_token, previous_report_token_expires_at = @e, report_token = @t WHERE name = @n")
            .With("e", previousExpiresAt.ToUnixTimeMilliseconds()).With("t", newToken).With("n", name)
            .NonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DomainRecord>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {SelectColumns} FROM domains WHERE tenant_id = @t ORDER BY name")
            .With("t", tenantId).ListAsync(Read, cancellationToken);
    }

    /// <summary>
    /// Claims a domain for a tenant unless someone holds it already, within the tenant's domain quota (its own, or
    /// <c>Tenants:MaxDomains</c>). Returns whoever holds the domain afterwards, or the full quota.
    /// </summary>
    public async Task<DomainClaim> ClaimAsync(DomainRecord claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await FindAsync(connection, "name = @v", claim.Name, cancellationToken, transaction) is { } holder)
        {
            return new DomainClaim(holder);
        }

        var quota = await LockQuotaAsync(connection, transaction, claim.TenantId, cancellationToken);
        if (quota.Reached)
        {
            return new DomainClaim(null, quota);
        }

        await connection.Command($"INSERT INTO domains ({Columns}) VALUES (@n, @t, @r, @c, @v) ON CONFLICT (name) DO NOTHING", transaction)
            .With("n", claim.Name).With("t", claim.TenantId).With("r", claim.ReportToken).With("c", claim.CreatedAt.ToUnixTimeMilliseconds())
            .With("v", claim.Verified)
            .NonQueryAsync(cancellationToken);
        holder = await FindAsync(connection, "name = @v", claim.Name, cancellationToken, transaction)
            ?? throw new InvalidOperationException($"Domain {claim.Name} vanished while being claimed.");
        await transaction.CommitAsync(cancellationToken);
        return new DomainClaim(holder);
    }

    /// <summary>
    /// The tenant's quota and domain count, with the tenant's row locked until the transaction ends. Registrations of
    /// different domains run in different grains, possibly on different silos: without the lock two of them could
    /// both count one below the quota and both insert. On SQLite, EnterWriteAsync already admits one writer at a time.
    /// </summary>
    private async Task<DomainQuota> LockQuotaAsync(DbConnection connection, DbTransaction transaction, string tenantId, CancellationToken cancellationToken)
    {
        // NO KEY UPDATE: serialises claims by the same tenant without blocking inserts that only reference the tenant.
        var lockClause = database.Dialect == SqlDialect.PostgreSql ? " FOR NO KEY UPDATE" : string.Empty;
        var own = await connection.Command($"SELECT max_domains FROM tenants WHERE id = @t{lockClause}", transaction)
            .With("t", tenantId).ScalarAsync(cancellationToken) is { } value and not DBNull
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : (int?)null;
        var count = Convert.ToInt32(
            await connection.Command("SELECT COUNT(*) FROM domains WHERE tenant_id = @t", transaction).With("t", tenantId).ScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        return new DomainQuota(own ?? quotas.Value.MaxDomains, count);
    }

    public async Task SetVerifiedAsync(string name, bool verified, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE domains SET verified = @v WHERE name = @n").With("v", verified).With("n", name).NonQueryAsync(cancellationToken);
    }

    public async Task SetRequireDkimAsync(string name, bool requireDkim, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE domains SET require_dkim = @v WHERE name = @n").With("v", requireDkim).With("n", name).NonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> domains whose policy recheck is due, oldest first, and moves their due time
    /// to <paramref name="leaseUntil"/> so that they are not taken again while their checks run. The check itself sets
    /// the real next due time. Every silo claims concurrently: the outer due-time condition is re-evaluated against a row
    /// another claimer has just updated (PostgreSQL's READ COMMITTED re-check), so a domain goes to one claimer only.
    /// </summary>
    public async Task<IReadOnlyList<string>> ClaimDueChecksAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                UPDATE domains SET next_check_at = @lease
                WHERE name IN (SELECT name FROM domains WHERE next_check_at <= @now ORDER BY next_check_at LIMIT @limit)
                  AND next_check_at <= @now
                RETURNING name
                """)
            .With("now", now.ToUnixTimeMilliseconds()).With("lease", leaseUntil.ToUnixTimeMilliseconds()).With("limit", limit)
            .ListAsync(r => r.GetString(0), cancellationToken);
    }

    /// <summary>Records when a domain is next due and how many checks in a row have failed.</summary>
    public async Task ScheduleCheckAsync(string name, DateTimeOffset nextCheckAt, int failures, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE domains SET next_check_at = @at, check_failures = @f WHERE name = @n")
            .With("at", nextCheckAt.ToUnixTimeMilliseconds()).With("f", failures).With("n", name)
            .NonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Hands a domain to a tenant that proved control through DNS. The previous holder's reports, aggregates and
    /// history go with it: the new holder must not see them, and the old one no longer controls the domain.
    /// </summary>
    /// <remarks>Taking a domain over adds one to the claimant's domains, so it is refused at the claimant's quota too.</remarks>
    public async Task<DomainClaim> TransferAsync(DomainRecord claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var quota = await LockQuotaAsync(connection, transaction, claim.TenantId, cancellationToken);
        if (quota.Reached)
        {
            return new DomainClaim(null, quota);
        }

        foreach (var table in OwnedTables)
        {
            await connection.Command($"DELETE FROM {table} WHERE domain = @n", transaction).With("n", claim.Name).NonQueryAsync(cancellationToken);
        }

        await connection.Command(
                """
                UPDATE domains SET tenant_id = @t, report_token = @r, created_at = @c, verified = @v, next_check_at = 0, check_failures = 0,
                                   previous_report_token = NULL, previous_report_token_expires_at = NULL
                WHERE name = @n
                """,
                transaction)
            .With("t", claim.TenantId).With("r", claim.ReportToken).With("c", claim.CreatedAt.ToUnixTimeMilliseconds())
            .With("v", claim.Verified).With("n", claim.Name)
            .NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DomainClaim(claim);
    }

    /// <summary>Deletes a domain with its reports, aggregates and policy history, in one transaction.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in OwnedTables)
        {
            await connection.Command($"DELETE FROM {table} WHERE domain = @n", transaction).With("n", name).NonQueryAsync(cancellationToken);
        }

        await connection.Command("DELETE FROM domains WHERE name = @n", transaction).With("n", name).NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task<DomainRecord?> FindAsync(DbConnection connection, string where, string value, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        connection.Command($"SELECT {SelectColumns} FROM domains WHERE {where}", transaction).With("v", value).FirstOrDefaultAsync(Read, cancellationToken);

    private static DomainRecord Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetBoolean(4), reader.GetBoolean(5),
            reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));
}
