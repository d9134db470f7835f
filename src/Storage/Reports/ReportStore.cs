using System.Data.Common;
using System.Text;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>The report archive and the per-(domain, day) aggregates derived from it (DESIGN D3, D4).</summary>
public sealed class ReportStore(PlatformDatabase database)
{
    // Stays under SQLite's and PostgreSQL's bound-parameter limits with room to spare.
    private const int BreakdownRowsPerStatement = 400;

    /// <summary>
    /// Archives a report and adds its contribution to the day's aggregates in one transaction, so a report is either
    /// durable and counted once, or not there at all. A duplicate key changes nothing.
    /// </summary>
    public async Task<ArchiveOutcome> ArchiveAsync(StoredReport report, ReportContribution contribution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(contribution);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var inserted = await connection.Command(
                """
                INSERT INTO reports (domain, organization, report_id, day, start_at, end_at, received_at, channel, submitter, dkim, successful, failed, deviations, raw)
                VALUES (@domain, @org, @rid, @day, @start, @end, @received, @channel, @submitter, @dkim, @ok, @failed, @deviations, @raw)
                ON CONFLICT (domain, organization, report_id) DO NOTHING
                RETURNING id
                """, transaction)
            .With("domain", report.Domain).With("org", report.Organization).With("rid", report.ReportId)
            .With("day", report.Day.ToStored())
            .With("start", report.Start.ToUnixTimeMilliseconds()).With("end", report.End.ToUnixTimeMilliseconds())
            .With("received", report.ReceivedAt.ToUnixTimeMilliseconds())
            .With("channel", report.Channel).With("submitter", report.Submitter).With("dkim", report.Dkim)
            .With("ok", report.SuccessfulSessions).With("failed", report.FailedSessions)
            .With("deviations", string.Join(',', report.Deviations)).With("raw", report.Raw)
            .ScalarAsync(cancellationToken);

        if (inserted is null)
        {
            var existing = await connection.Command("SELECT id FROM reports WHERE domain = @d AND organization = @o AND report_id = @r", transaction)
                .With("d", report.Domain).With("o", report.Organization).With("r", report.ReportId)
                .ScalarAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return new ArchiveOutcome(Convert.ToInt64(existing, System.Globalization.CultureInfo.InvariantCulture), Duplicate: true);
        }

        var day = contribution.Day.ToStored();
        await connection.Command(
                """
                INSERT INTO daily_totals (domain, day, reports, successful, failed) VALUES (@d, @day, 1, @ok, @failed)
                ON CONFLICT (domain, day) DO UPDATE SET
                    reports = daily_totals.reports + 1,
                    successful = daily_totals.successful + excluded.successful,
                    failed = daily_totals.failed + excluded.failed
                """, transaction)
            .With("d", report.Domain).With("day", day).With("ok", contribution.SuccessfulSessions).With("failed", contribution.FailedSessions)
            .NonQueryAsync(cancellationToken);

        var rows = contribution.Breakdown.SelectMany(d => d.Value.Select(k => (Dimension: (short)d.Key, k.Key, k.Value))).ToList();
        foreach (var chunk in rows.Chunk(BreakdownRowsPerStatement))
        {
            await UpsertBreakdownAsync(connection, transaction, report.Domain, day, chunk, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ArchiveOutcome(Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture), Duplicate: false);
    }

    public async Task<IReadOnlyList<DailyTotals>> DailyAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                "SELECT day, reports, successful, failed FROM daily_totals WHERE domain = @d AND day BETWEEN @from AND @to ORDER BY day")
            .With("d", domain).With("from", from.ToStored()).With("to", to.ToStored())
            .ListAsync(r => new DailyTotals(DayNumbers.FromStored(r.GetInt32(0)), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken);
    }

    public async Task<IReadOnlyList<BreakdownEntry>> BreakdownAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT dimension, key, CAST(SUM(sessions) AS bigint) FROM daily_breakdown
                WHERE domain = @d AND day BETWEEN @from AND @to
                GROUP BY dimension, key
                """)
            .With("d", domain).With("from", from.ToStored()).With("to", to.ToStored())
            .ListAsync(r => new BreakdownEntry((Dimension)r.GetInt32(0), r.GetString(1), r.GetInt64(2)), cancellationToken);
    }

    public async Task<IReadOnlyList<ReportListEntry>> ListAsync(string domain, DateOnly from, DateOnly to, int limit, int offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT id, organization, report_id, start_at, end_at, received_at, channel, submitter, dkim, successful, failed, deviations
                FROM reports WHERE domain = @d AND day BETWEEN @from AND @to
                ORDER BY start_at DESC, id DESC LIMIT @limit OFFSET @offset
                """)
            .With("d", domain).With("from", from.ToStored()).With("to", to.ToStored()).With("limit", limit).With("offset", offset)
            .ListAsync(
                r => new ReportListEntry(
                    r.GetInt64(0), r.GetString(1), r.GetString(2),
                    FromMs(r.GetInt64(3)), FromMs(r.GetInt64(4)), FromMs(r.GetInt64(5)),
                    r.GetString(6), r.GetNullableString(7), r.GetNullableString(8),
                    r.GetInt64(9), r.GetInt64(10),
                    r.GetString(11).Split(',', StringSplitOptions.RemoveEmptyEntries)),
                cancellationToken);
    }

    public async Task<byte[]?> RawAsync(string domain, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT raw FROM reports WHERE domain = @d AND id = @id")
            .With("d", domain).With("id", id).ScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>Deletes reports and aggregates of days before <paramref name="cutoff"/>; returns the number of reports removed.</summary>
    public async Task<int> PruneBeforeAsync(DateOnly cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = 0;
        foreach (var table in new[] { "reports", "daily_totals", "daily_breakdown" })
        {
            var count = await connection.Command($"DELETE FROM {table} WHERE day < @cutoff", transaction)
                .With("cutoff", cutoff.ToStored()).NonQueryAsync(cancellationToken);
            removed = table == "reports" ? count : removed;
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private static async Task UpsertBreakdownAsync(
        DbConnection connection, DbTransaction transaction, string domain, int day,
        IReadOnlyList<(short Dimension, string Key, long Value)> rows, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("INSERT INTO daily_breakdown (domain, day, dimension, key, sessions) VALUES ");
        var command = connection.Command(string.Empty, transaction).With("d", domain).With("day", day);
        for (var i = 0; i < rows.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@d, @day, @m{i}, @k{i}, @s{i})");
            command.With($"m{i}", rows[i].Dimension).With($"k{i}", rows[i].Key).With($"s{i}", rows[i].Value);
        }

        sql.Append(" ON CONFLICT (domain, day, dimension, key) DO UPDATE SET sessions = daily_breakdown.sessions + excluded.sessions");
#pragma warning disable CA2100 // Built from constant fragments and numbered parameter names only.
        command.CommandText = sql.ToString();
#pragma warning restore CA2100
        await using (command)
        {
            await command.NonQueryAsync(cancellationToken);
        }
    }

    private static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
