using System.Globalization;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// The monthly partitions of the report archive on PostgreSQL (migration 030): created ahead of the reports that need
/// them, and dropped whole by retention. The embedded SQLite store has one table and nothing to do here.
/// </summary>
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
            var (name, start, end) = (NameOf(month), month.DayNumber, month.AddMonths(1).DayNumber);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockAsync(connection, transaction, cancellationToken);
            if (await connection.Command("SELECT to_regclass(@name) IS NULL", transaction).With("name", name).ScalarAsync(cancellationToken) is true)
            {
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

                created++;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return created;
    }

    /// <summary>Drops the partitions of months that end on or before <paramref name="cutoff"/>; returns the reports they held.</summary>
    /// <summary>
    /// Held for the rest of the transaction by whoever creates or drops partitions. Retention takes it before its first
    /// statement: it holds aggregate rows and then drops partitions, while creating one locks the archive first — taken
    /// in those two orders at once (every silo runs both), the locks deadlocked.
    /// </summary>
    internal static async Task LockAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction).With("key", LockKey).ScalarAsync(cancellationToken);

    internal static async Task<int> DropBeforeAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, DateOnly cutoff, CancellationToken cancellationToken)
    {
        var names = await connection.Command(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'reports'::regclass AND c.relname ~ '^reports_[0-9]{4}_[0-9]{2}$'
                """, transaction)
            .ListAsync(r => r.GetString(0), cancellationToken);
        var removed = 0;
        foreach (var name in names.Where(n => MonthOf(n).AddMonths(1) <= cutoff))
        {
            removed += Convert.ToInt32(await connection.Command($"SELECT COUNT(*) FROM {name}", transaction).ScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await connection.Command($"DROP TABLE {name}", transaction).NonQueryAsync(cancellationToken);
        }

        return removed;
    }

    /// <summary>reports_YYYY_MM: digits only, so the name is safe to put into DDL.</summary>
    internal static string NameOf(DateOnly month) => string.Create(CultureInfo.InvariantCulture, $"reports_{month.Year:D4}_{month.Month:D2}");

    private static DateOnly MonthOf(string name) =>
        new(int.Parse(name.AsSpan(8, 4), CultureInfo.InvariantCulture), int.Parse(name.AsSpan(13, 2), CultureInfo.InvariantCulture), 1);
}
