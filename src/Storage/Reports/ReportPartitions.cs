using System.Data.Common;
using System.Globalization;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// The monthly partitions of the report archive on PostgreSQL (migration 030): created ahead of the reports that need
/// them, and dropped whole by retention. The embedded SQLite store has one table and nothing to do here.
/// </summary>
/// <remarks>
/// Every change here locks the parent table <c>reports</c> before any partition. Ingestion (and any DDL on the
/// archive) takes the parent first too, so the two orders never cross; reading a partition before locking the parent,
/// as this class once did, deadlocked with a concurrent <c>DROP INDEX</c> on the archive.
/// </remarks>
public sealed class ReportPartitions(PlatformDatabase database)
{
    // One process at a time changes the partitions: creating one scans the default partition, two at once would race.
    private const long LockKey = 0x544c5352_5041; // "TLSRPA"

    /// <summary>
    /// Makes sure a partition exists for every month from <paramref name="from"/>'s through <paramref name="to"/>'s.
    /// Rows that reached the default partition for such a month (if partitions ever fell behind) move into it.
    /// </summary>
    /// <returns>The partitions created.</returns>
    public async Task<int> EnsureAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (database.Dialect != SqlDialect.PostgreSql)
        {
            return 0;
        }

        var created = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            created += await CreateAsync(connection, month, cancellationToken) ? 1 : 0;
        }

        return created;
    }

    /// <summary>
    /// Creates the partitions of months from <paramref name="cutoff"/> on that only the default partition holds rows
    /// of (reports older than the months kept ready, imports of history): they move into their month.
    /// </summary>
    /// <returns>The partitions created.</returns>
    public async Task<int> AdoptStrandedAsync(DateOnly cutoff, CancellationToken cancellationToken = default)
    {
        if (database.Dialect != SqlDialect.PostgreSql)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        // The default partition stays small: whatever reaches it moves out at the next pass.
        var days = await connection.Command("SELECT DISTINCT day FROM reports_default WHERE day >= @cutoff")
            .With("cutoff", cutoff.ToStored()).ListAsync(r => r.GetInt32(0), cancellationToken);
        var created = 0;
        foreach (var month in days.Select(d => DateOnly.FromDayNumber(d)).Select(d => new DateOnly(d.Year, d.Month, 1)).Distinct().Order())
        {
            created += await CreateAsync(connection, month, cancellationToken) ? 1 : 0;
        }

        return created;
    }

    /// <summary>
    /// Held for the rest of the transaction by whoever creates or drops partitions, and by retention's row deletion:
    /// one process at a time changes the archive's shape (every silo runs retention).
    /// </summary>
    internal static async Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction).With("key", LockKey).ScalarAsync(cancellationToken);

    /// <summary>Drops the partitions of months that end on or before <paramref name="cutoff"/>, in a transaction of their own; returns the reports they held.</summary>
    internal static async Task<int> DropBeforeAsync(PlatformDatabase database, DateOnly cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        var names = await connection.Command(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'reports'::regclass AND c.relname ~ '^reports_[0-9]{4}_[0-9]{2}$'
                """, transaction)
            .ListAsync(r => r.GetString(0), cancellationToken);
        var expired = names.Where(n => MonthOf(n).AddMonths(1) <= cutoff).ToList();
        var removed = 0;
        if (expired.Count > 0)
        {
            await LockArchiveAsync(connection, transaction, cancellationToken);
            foreach (var name in expired)
            {
                removed += Convert.ToInt32(await connection.Command($"SELECT COUNT(*) FROM {name}", transaction).ScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                await connection.Command($"DROP TABLE {name}", transaction).NonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>reports_YYYY_MM: digits only, so the name is safe to put into DDL.</summary>
    internal static string NameOf(DateOnly month) => string.Create(CultureInfo.InvariantCulture, $"reports_{month.Year:D4}_{month.Month:D2}");

    private static async Task<bool> CreateAsync(DbConnection connection, DateOnly month, CancellationToken cancellationToken)
    {
        var (name, start, end) = (NameOf(month), month.DayNumber, month.AddMonths(1).DayNumber);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        if (await connection.Command("SELECT to_regclass(@name) IS NULL", transaction).With("name", name).ScalarAsync(cancellationToken) is not true)
        {
            return false;
        }

        // Creating or attaching a partition needs the parent exclusively anyway; taken first, before the default partition.
        await LockArchiveAsync(connection, transaction, cancellationToken);
        var stranded = await connection.Command("SELECT EXISTS (SELECT 1 FROM reports_default WHERE day >= @s AND day < @e)", transaction)
            .With("s", start).With("e", end).ScalarAsync(cancellationToken) is true;
        if (stranded)
        {
            // A new partition may not take rows the default partition holds; move them in, then attach it.
            await connection.Command($"CREATE TABLE {name} (LIKE reports INCLUDING DEFAULTS)", transaction).NonQueryAsync(cancellationToken);
            await connection.Command(
                    $"WITH moved AS (DELETE FROM reports_default WHERE day >= @s AND day < @e RETURNING *) INSERT INTO {name} SELECT * FROM moved", transaction)
                .With("s", start).With("e", end).NonQueryAsync(cancellationToken);
            await connection.Command($"ALTER TABLE reports ATTACH PARTITION {name} FOR VALUES FROM ({start}) TO ({end})", transaction).NonQueryAsync(cancellationToken);
        }
        else
        {
            await connection.Command($"CREATE TABLE {name} PARTITION OF reports FOR VALUES FROM ({start}) TO ({end})", transaction).NonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task LockArchiveAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.Command("LOCK TABLE reports IN ACCESS EXCLUSIVE MODE", transaction).NonQueryAsync(cancellationToken);

    private static DateOnly MonthOf(string name) =>
        new(int.Parse(name.AsSpan(8, 4), CultureInfo.InvariantCulture), int.Parse(name.AsSpan(13, 2), CultureInfo.InvariantCulture), 1);
}
