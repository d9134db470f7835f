using System.Data.Common;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Domains;

/// <summary>The domain registry. A domain's grain is the only writer of its row.</summary>
public sealed class DomainStore(PlatformDatabase database)
{
    private const string Columns = "name, tenant_id, report_token, created_at, verified";
    private const string SelectColumns = Columns + ", require_dkim";

    /// <summary>Tables whose rows belong to the domain's holder.</summary>
    private static readonly string[] OwnedTables = ["daily_breakdown", "monthly_breakdown", "daily_totals", "report_failures", "reports", "policy_history", "alert_rules", "rejections", "imports", "hosted_policies"];

    public async Task<DomainRecord?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, "name = @v", name, cancellationToken);
    }

    public async Task<DomainRecord?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, "report_token = @v", token, cancellationToken);
    }

    public async Task<IReadOnlyList<DomainRecord>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {SelectColumns} FROM domains WHERE tenant_id = @t ORDER BY name")
            .With("t", tenantId).ListAsync(Read, cancellationToken);
    }

    /// <summary>Claims a domain for a tenant unless someone holds it already; returns whoever holds it afterwards.</summary>
    public async Task<DomainRecord> ClaimAsync(DomainRecord claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command($"INSERT INTO domains ({Columns}) VALUES (@n, @t, @r, @c, @v) ON CONFLICT (name) DO NOTHING")
            .With("n", claim.Name).With("t", claim.TenantId).With("r", claim.ReportToken).With("c", claim.CreatedAt.ToUnixTimeMilliseconds())
            .With("v", claim.Verified)
            .NonQueryAsync(cancellationToken);
        return await FindAsync(connection, "name = @v", claim.Name, cancellationToken)
            ?? throw new InvalidOperationException($"Domain {claim.Name} vanished while being claimed.");
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
    public async Task<DomainRecord> TransferAsync(DomainRecord claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in OwnedTables)
        {
            await connection.Command($"DELETE FROM {table} WHERE domain = @n", transaction).With("n", claim.Name).NonQueryAsync(cancellationToken);
        }

        await connection.Command(
                "UPDATE domains SET tenant_id = @t, report_token = @r, created_at = @c, verified = @v, next_check_at = 0, check_failures = 0 WHERE name = @n",
                transaction)
            .With("t", claim.TenantId).With("r", claim.ReportToken).With("c", claim.CreatedAt.ToUnixTimeMilliseconds())
            .With("v", claim.Verified).With("n", claim.Name)
            .NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claim;
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

    private static Task<DomainRecord?> FindAsync(DbConnection connection, string where, string value, CancellationToken cancellationToken) =>
        connection.Command($"SELECT {SelectColumns} FROM domains WHERE {where}").With("v", value).FirstOrDefaultAsync(Read, cancellationToken);

    private static DomainRecord Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetBoolean(4), reader.GetBoolean(5));
}
