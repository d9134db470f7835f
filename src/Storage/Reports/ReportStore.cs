using System.Globalization;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>The report archive and the per-(domain, day) aggregates derived from it (DESIGN D3, D4).</summary>
public sealed class ReportStore(PlatformDatabase database, ArchiveBatcher batcher)
{
    /// <summary>
    /// Archives a report and adds its contribution to the day's aggregates atomically, so a report is either durable
    /// and counted once, or not there at all. A duplicate key changes nothing.
    /// </summary>
    /// <remarks>
    /// The statements run in one transaction, shared with other reports that wait at the same time
    /// (<see cref="ArchiveBatcher"/>). The aggregate upserts apply only if this attempt inserted the report's row
    /// (<see cref="ArchiveStatements"/>); a second copy of a report in the same transaction finds the first's nonce.
    /// The contribution is stored as given: keeping a day's keys within <see cref="MaxKeysPerDay"/> is the caller's
    /// (<see cref="DayKeyLimit"/>).
    /// </remarks>
    public async Task<ArchiveOutcome> ArchiveAsync(StoredReport report, ReportContribution contribution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(contribution);
        if (contribution.Day != report.Day)
        {
            throw new ArgumentException($"The contribution is for {contribution.Day:yyyy-MM-dd}, the report for {report.Day:yyyy-MM-dd}.", nameof(contribution));
        }

        var nonce = Guid.NewGuid().ToString("N");
        var statements = new ArchiveStatements(report, contribution, nonce).For(database.Dialect);
        return await batcher.CommitAsync(statements, cancellationToken) is { } stored
            ? new ArchiveOutcome(stored.Id, Duplicate: stored.Nonce != nonce)
            : new ArchiveOutcome(await StoredIdAsync(report, cancellationToken), Duplicate: true);
    }

    /// <summary>
    /// The public id of a report found archived already, read after the attempt committed: a copy committed by another
    /// transaction while this one waited for it is visible now, which it was not to the attempt's own statement.
    /// </summary>
    private async Task<long> StoredIdAsync(StoredReport report, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.Command("SELECT public_id FROM reports WHERE domain = @d AND organization = @o AND report_id = @r AND day = @day")
            .With("d", report.Domain).With("o", report.Organization).With("r", report.ReportId).With("day", report.Day.ToStored())
            .ScalarAsync(cancellationToken);
        // Only a clash of the random 53-bit public id with another report of the domain leaves no row of this key.
        return id is long stored ? stored : throw new InvalidOperationException($"Report {report.ReportId} was neither archived nor found archived.");
    }

    /// <summary>New keys a (domain, day, dimension) takes before the rest of a report's keys go to <c>(other)</c> (<see cref="DayKeyLimit"/>).</summary>
    public const int MaxKeysPerDay = ReportAggregator.DefaultMaxKeysPerDimension;

    public async Task<IReadOnlyList<DailyTotals>> DailyAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                "SELECT day, reports, successful, failed FROM daily_totals WHERE domain = @d AND day BETWEEN @from AND @to ORDER BY day")
            .With("d", domain).With("from", from.ToStored()).With("to", to.ToStored())
            .ListAsync(r => new DailyTotals(DayNumbers.FromStored(r.GetInt32(0)), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken);
    }

    /// <summary>
    /// Sessions per (dimension, key) over the range: whole months from the monthly rollup, the days of partial months
    /// at the edges from the day rows (<see cref="RollupRange"/>), added up in one statement.
    /// </summary>
    /// <param name="dimensions">Only these dimensions; all when null.</param>
    public async Task<IReadOnlyList<BreakdownEntry>> BreakdownAsync(
        string domain, DateOnly from, DateOnly to, IReadOnlyCollection<Dimension>? dimensions = null, CancellationToken cancellationToken = default)
    {
        var range = RollupRange.Of(from, to);
        // Enum values, not input: safe to write into the text.
        var only = dimensions is null ? string.Empty : $" AND dimension IN ({string.Join(", ", dimensions.Select(d => ((int)d).ToString(CultureInfo.InvariantCulture)))})";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                $"""
                SELECT dimension, key, CAST(SUM(sessions) AS bigint) FROM (
                    SELECT dimension, key, sessions FROM monthly_breakdown WHERE domain = @d AND month BETWEEN @m1 AND @m2{only}
                    UNION ALL
                    SELECT dimension, key, sessions FROM daily_breakdown WHERE domain = @d AND day BETWEEN @l1 AND @l2{only}
                    UNION ALL
                    SELECT dimension, key, sessions FROM daily_breakdown WHERE domain = @d AND day BETWEEN @t1 AND @t2{only}
                ) AS parts
                GROUP BY dimension, key
                """)
            .With("d", domain).With("m1", range.MonthFrom).With("m2", range.MonthTo)
            .With("l1", range.LeadFrom).With("l2", range.LeadTo).With("t1", range.TailFrom).With("t2", range.TailTo)
            .ListAsync(r => new BreakdownEntry((Dimension)r.GetInt32(0), r.GetString(1), r.GetInt64(2)), cancellationToken);
    }

    /// <summary>The plain sum of the day rows over the range: what <see cref="BreakdownAsync"/> must always equal.</summary>
    public async Task<IReadOnlyList<BreakdownEntry>> DailyBreakdownAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
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

    /// <summary>How many keys each dimension of the domain's day holds: where <see cref="DayKeyLimit"/> starts a day.</summary>
    public async Task<IReadOnlyDictionary<Dimension, int>> DayKeyCountsAsync(string domain, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = await connection.Command("SELECT dimension, COUNT(*) FROM daily_breakdown WHERE domain = @d AND day = @day GROUP BY dimension")
            .With("d", domain).With("day", day.ToStored())
            .ListAsync(r => ((Dimension)r.GetInt32(0), (int)r.GetInt64(1)), cancellationToken);
        return counts.ToDictionary(c => c.Item1, c => c.Item2);
    }

    /// <summary>The keys of one dimension of the domain's day (at most twice <see cref="MaxKeysPerDay"/>).</summary>
    public async Task<HashSet<string>> DayKeysAsync(string domain, DateOnly day, Dimension dimension, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keys = await connection.Command("SELECT key FROM daily_breakdown WHERE domain = @d AND day = @day AND dimension = @dim")
            .With("d", domain).With("day", day.ToStored()).With("dim", (short)dimension)
            .ListAsync(r => r.GetString(0), cancellationToken);
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<ReportListEntry>> ListAsync(string domain, DateOnly from, DateOnly to, int limit, int offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT public_id, organization, report_id, start_at, end_at, received_at, channel, submitter, dkim, successful, failed, deviations
                FROM reports WHERE domain = @d AND day BETWEEN @from AND @to
                ORDER BY start_at DESC, id DESC LIMIT @limit OFFSET @offset
                """)
            .With("d", domain).With("from", from.ToStored()).With("to", to.ToStored()).With("limit", limit).With("offset", offset)
            .ListAsync(ReadListEntry, cancellationToken);
    }

    /// <summary>
    /// The domain's newest reports, at most <paramref name="limit"/>, oldest first: enough to describe each reporter
    /// without reading a flooded archive whole.
    /// </summary>
    public async Task<IReadOnlyList<ReporterRow>> ReportersAsync(string domain, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.Command(
                """
                SELECT organization, start_at, received_at, channel, dkim FROM reports
                WHERE domain = @d ORDER BY received_at DESC LIMIT @limit
                """)
            .With("d", domain).With("limit", limit)
            .ListAsync(r => new ReporterRow(r.GetString(0), FromMs(r.GetInt64(1)), FromMs(r.GetInt64(2)), r.GetString(3), r.GetNullableString(4)), cancellationToken);
        rows.Reverse();
        return rows;
    }

    /// <summary>Per organization, the days its reports start on within the range (readiness: who covers the window).</summary>
    public async Task<IReadOnlyList<OrganizationSpan>> OrganizationSpansAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT organization, MIN(day), MAX(day), COUNT(*), COUNT(DISTINCT day) FROM reports
                WHERE domain = @d AND day BETWEEN @from AND @to
                GROUP BY organization ORDER BY organization LIMIT 200
                """)
            .With("d", domain).With("from", from.ToStored()).With("to", to.ToStored())
            .ListAsync(r => new OrganizationSpan(r.GetString(0), DayNumbers.FromStored(r.GetInt32(1)), DayNumbers.FromStored(r.GetInt32(2)), r.GetInt64(3), r.GetInt64(4)), cancellationToken);
    }

    /// <summary>
    /// The raw reports with failed sessions whose range starts in the days given, newest first, at most
    /// <paramref name="limit"/>: the aggregates count failures, only the reports say which reporter saw which failure at
    /// which MX under which policy.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> FailingReportsAsync(string domain, DateOnly from, DateOnly to, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.Command(
                "SELECT raw FROM reports WHERE domain = @d AND day BETWEEN @from AND @to AND failed > 0 ORDER BY start_at DESC LIMIT @limit")
            .With("d", domain).With("from", from.ToStored()).With("to", to.ToStored()).With("limit", limit)
            .ListAsync(r => (byte[])r.GetValue(0), cancellationToken);
        return stored.Select(RawArchive.Expand).ToList();
    }

    public async Task<byte[]?> RawAsync(string domain, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.Command("SELECT raw FROM reports WHERE domain = @d AND public_id = @id")
            .With("d", domain).With("id", id).ScalarAsync(cancellationToken) as byte[];
        return stored is null ? null : RawArchive.Expand(stored);
    }

    /// <summary>Deletes reports and aggregates of days before <paramref name="cutoff"/>; returns the number of reports removed.</summary>
    /// <remarks>
    /// Month rollups before the cutoff's month go with their days. When the cutoff falls inside a month, the day rows
    /// about to go are first subtracted from that month (keys left at zero are removed), so a month still equals the
    /// sum of its days. A subtraction, unlike summing the month again, commutes with reports archived meanwhile, so
    /// ingestion is not held off; and it touches only the days not pruned before, usually one.
    /// </remarks>
    public async Task<int> PruneBeforeAsync(DateOnly cutoff, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        // Whole months of the partitioned archive go first, in a short transaction of their own that locks the archive
        // before any aggregate row (ingestion's order); the rest goes row by row. A pass that fails between the two
        // leaves aggregates of dropped days, which the next pass removes.
        var removed = database.Dialect == SqlDialect.PostgreSql ? await ReportPartitions.DropBeforeAsync(database, cutoff, cancellationToken) : 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Dialect == SqlDialect.PostgreSql)
        {
            await ReportPartitions.LockAsync(connection, transaction, cancellationToken);
        }

        var month = RollupRange.MonthStart(cutoff);
        if (month < cutoff.DayNumber)
        {
            await connection.Command(
                    """
                    UPDATE monthly_breakdown SET sessions = monthly_breakdown.sessions - gone.sessions
                    FROM (
                        SELECT domain, dimension, key, SUM(sessions) AS sessions FROM daily_breakdown
                        WHERE day >= @month AND day < @cutoff GROUP BY domain, dimension, key
                    ) AS gone
                    WHERE monthly_breakdown.domain = gone.domain AND monthly_breakdown.month = @month
                      AND monthly_breakdown.dimension = gone.dimension AND monthly_breakdown.key = gone.key
                    """, transaction)
                .With("month", month).With("cutoff", cutoff.ToStored()).NonQueryAsync(cancellationToken);
        }

        await connection.Command("DELETE FROM monthly_breakdown WHERE month < @month OR (month = @month AND sessions <= 0)", transaction)
            .With("month", month).NonQueryAsync(cancellationToken);
        foreach (var table in new[] { "reports", "daily_totals", "daily_breakdown", "report_failures" })
        {
            var count = await connection.Command($"DELETE FROM {table} WHERE day < @cutoff", transaction)
                .With("cutoff", cutoff.ToStored()).NonQueryAsync(cancellationToken);
            removed += table == "reports" ? count : 0;
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    internal static ReportListEntry ReadListEntry(System.Data.Common.DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2),
        FromMs(r.GetInt64(3)), FromMs(r.GetInt64(4)), FromMs(r.GetInt64(5)),
        r.GetString(6), r.GetNullableString(7), r.GetNullableString(8),
        r.GetInt64(9), r.GetInt64(10),
        r.GetString(11).Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
