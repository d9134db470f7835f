using System.Globalization;
using System.Text;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// The statements that archive one report and add it to its domain's aggregates. Every write after the report's own
/// row applies only if this attempt inserted that row, so a report already archived — or a second copy of it in the
/// same group commit — changes nothing; the last statement returns one row: the stored row's public id and nonce, or
/// nulls when PostgreSQL found the report there already (<see cref="ReportStore"/> then reads the stored row).
/// </summary>
/// <remarks>
/// On PostgreSQL every report is one statement: data-modifying CTEs gated on the <c>RETURNING</c> of the report
/// insert, its rows passed as arrays. Six statements, four of them looking the report's row up again by its nonce, cost
/// PostgreSQL more than the writes themselves. SQLite has no data-modifying CTEs: there each table gets its statement,
/// and the nonce tells the writes whether the row is this attempt's.
/// </remarks>
internal sealed class ArchiveStatements
{
    // SQLite's multi-row statements stay under its bound-parameter limit with room to spare.
    private const int RowsPerStatement = 400;
    private const int FacetsPerStatement = RowsPerStatement / 2;

    private const string InsertedNow =
        "EXISTS (SELECT 1 FROM reports WHERE domain = @d AND organization = @o AND report_id = @r AND day = @day AND ingest_nonce = @nonce)";

    // SQLite's archive, unlike PostgreSQL's, identifies a report without its day: where a report-id was used before for
    // another day, the row of this day is the answer if there is one.
    private const string StoredRow =
        "SELECT public_id, ingest_nonce FROM reports WHERE domain = @d AND organization = @o AND report_id = @r ORDER BY CASE WHEN day = @day THEN 0 ELSE 1 END LIMIT 1";

    private const string ReportColumns =
        "reports (domain, organization, report_id, public_id, day, start_at, end_at, received_at, channel, submitter, dkim, successful, failed, deviations, ingest_nonce, raw)";

    private const string ReportValues =
        "(@d, @o, @r, @public, @day, @start, @end, @received, @channel, @submitter, @dkim, @ok, @failed, @deviations, @nonce, @raw)";

    private static readonly string TotalsConflict = $"""
        ON CONFLICT (domain, day) DO UPDATE SET
            reports = daily_totals.reports + 1,
            successful = {SaturatingSum("daily_totals.successful", "excluded.successful")},
            failed = {SaturatingSum("daily_totals.failed", "excluded.failed")}
        """;

    private static readonly (string Name, object? Value) Cap = ("cap", ReportAggregator.MaxAggregateSessions);

    // Each statement carries only the parameters it names: the embedded store binds every parameter a command has.
    private readonly (string Name, object? Value)[] _key;
    private readonly (string Name, object? Value)[] _report;
    private readonly (string Name, object? Value)[] _sums;
    private readonly (string Name, object? Value) _month;
    private readonly List<(short Dimension, string Key, long Sessions)> _rows;
    private readonly IReadOnlyList<FailureFacet> _facets;

    public ArchiveStatements(StoredReport report, ReportContribution contribution, string nonce)
    {
        _key = [("d", report.Domain), ("o", report.Organization), ("r", report.ReportId), ("nonce", nonce), ("day", report.Day.ToStored())];
        _report =
        [
            ("public", RandomIds.Number()), ("start", report.Start.ToUnixTimeMilliseconds()), ("end", report.End.ToUnixTimeMilliseconds()),
            ("received", report.ReceivedAt.ToUnixTimeMilliseconds()), ("channel", report.Channel), ("submitter", report.Submitter), ("dkim", report.Dkim),
            ("deviations", string.Join(',', report.Deviations)), ("raw", RawArchive.Compress(report.Raw)),
        ];
        _sums = [("ok", report.SuccessfulSessions), ("failed", report.FailedSessions), Cap];
        _month = ("month", RollupRange.MonthStart(contribution.Day));
        _rows = contribution.Breakdown.SelectMany(d => d.Value.Select(k => ((short)d.Key, k.Key, k.Value))).ToList();
        _facets = contribution.Facets ?? [];
    }

    public IReadOnlyList<SqlStatement> For(SqlDialect dialect) => dialect == SqlDialect.PostgreSql ? [OneStatement()] : StatementPerTable();

    /// <summary>Adds two counts without leaving the ceiling; arranged so that no intermediate value can overflow
    /// (PostgreSQL would fail the statement, SQLite would silently turn the column into a float).</summary>
    private static string SaturatingSum(string stored, string added) =>
        $"CASE WHEN {stored} > @cap - {added} THEN @cap ELSE {stored} + {added} END";

    private static string BreakdownConflict(string table, string period) =>
        $"ON CONFLICT (domain, {period}, dimension, key) DO UPDATE SET sessions = {SaturatingSum($"{table}.sessions", "excluded.sessions")}";

    /// <summary>
    /// The report's whole archive write as one statement of constant text: the breakdown and the facets travel as
    /// arrays (<c>unnest</c>), so every report, whatever its size, runs the same statement, which each pooled
    /// connection prepares once; a text per row count was parsed and planned anew for each new shape.
    /// </summary>
    private static readonly PositionalSql OneStatementSql = new($"""
        WITH inserted AS (
            INSERT INTO {ReportColumns} VALUES {ReportValues}
            ON CONFLICT DO NOTHING RETURNING id, public_id, ingest_nonce
        ), totals AS (
            INSERT INTO daily_totals (domain, day, reports, successful, failed)
            SELECT @d, @day, 1, @ok, @failed FROM inserted
            {TotalsConflict}
        ), breakdown AS (
            SELECT * FROM unnest(@dimensions::smallint[], @keys::text[], @sessions::bigint[]) AS b (dimension, key, sessions)
        ), days AS (
            INSERT INTO daily_breakdown (domain, day, dimension, key, sessions)
            SELECT @d, @day, b.dimension, b.key, b.sessions FROM breakdown b, inserted
            {BreakdownConflict("daily_breakdown", "day")}
        ), months AS (
            INSERT INTO monthly_breakdown (domain, month, dimension, key, sessions)
            SELECT @d, @month, b.dimension, b.key, b.sessions FROM breakdown b, inserted
            {BreakdownConflict("monthly_breakdown", "month")}
        ), facets AS (
            INSERT INTO report_failures (report_pk, domain, day, organization, result_type, receiving_mx, sending_ip, sessions)
            SELECT inserted.id, @d, @day, @o, f.result_type, f.receiving_mx, f.sending_ip, f.sessions
            FROM inserted, unnest(@resultTypes::text[], @receivingMxs::text[], @sendingIps::text[], @facetSessions::bigint[])
                AS f (result_type, receiving_mx, sending_ip, sessions)
        )
        SELECT inserted.public_id, inserted.ingest_nonce FROM (VALUES (1)) AS one LEFT JOIN inserted ON true
        """);

    // The day rows and the month rollup add the same rows: a month always equals the sum of its days. A report stored
    // before answers with nulls rather than its stored row: the statement reads no partition of the archive — a look-up
    // here set up a scan of every month's partition for every report (7 % of PostgreSQL's CPU with four partitions, and
    // one more scan per month of retention), and its snapshot could not see a copy committed while it waited.
    private SqlStatement OneStatement() => OneStatementSql.Bind(
    [
        .. _key, .. _report, .. _sums, _month,
        ("dimensions", _rows.Select(r => r.Dimension).ToArray()), ("keys", _rows.Select(r => r.Key).ToArray()),
        ("sessions", _rows.Select(r => r.Sessions).ToArray()),
        ("resultTypes", _facets.Select(f => f.ResultType).ToArray()), ("receivingMxs", _facets.Select(f => f.ReceivingMx).ToArray()),
        ("sendingIps", _facets.Select(f => f.SendingIp).ToArray()), ("facetSessions", _facets.Select(f => f.Sessions).ToArray()),
    ]);

    private List<SqlStatement> StatementPerTable()
    {
        var statements = new List<SqlStatement>
        {
            new($"INSERT INTO {ReportColumns} VALUES {ReportValues} ON CONFLICT DO NOTHING", [.. _key, .. _report, .. _sums]),
            new($"INSERT INTO daily_totals (domain, day, reports, successful, failed) SELECT @d, @day, 1, @ok, @failed WHERE {InsertedNow} {TotalsConflict}", [.. _key, .. _sums]),
        };
        for (var start = 0; start < _rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, _rows.Count - start);
            statements.Add(BreakdownUpsert("monthly_breakdown", "month", start, count));
            statements.Add(BreakdownUpsert("daily_breakdown", "day", start, count));
        }

        for (var start = 0; start < _facets.Count; start += FacetsPerStatement)
        {
            var parameters = new List<(string, object?)>(_key);
            var sql = new StringBuilder("""
                INSERT INTO report_failures (report_pk, domain, day, organization, result_type, receiving_mx, sending_ip, sessions)
                SELECT r.id, @d, @day, @o, f.column1, f.column2, f.column3, f.column4
                FROM (VALUES
                """);
            AppendFacets(sql, parameters, start, Math.Min(FacetsPerStatement, _facets.Count - start));
            sql.Append(") AS f JOIN reports r ON r.domain = @d AND r.organization = @o AND r.report_id = @r AND r.day = @day AND r.ingest_nonce = @nonce");
            statements.Add(new(sql.ToString(), parameters));
        }

        statements.Add(new(StoredRow, _key));
        return statements;
    }

    private SqlStatement BreakdownUpsert(string table, string period, int start, int count)
    {
        var parameters = new List<(string, object?)>(_key) { Cap };
        if (period == "month")
        {
            parameters.Add(_month);
        }

        // VALUES names its columns column1…column3 on both engines.
        var sql = new StringBuilder($"INSERT INTO {table} (domain, {period}, dimension, key, sessions) SELECT @d, @{period}, v.column1, v.column2, v.column3 FROM (VALUES ");
        AppendRows(sql, parameters, start, count, "b", i => [_rows[i].Dimension, _rows[i].Key, _rows[i].Sessions]);
        sql.Append($") AS v WHERE {InsertedNow} {BreakdownConflict(table, period)}");
        return new(sql.ToString(), parameters);
    }

    private void AppendFacets(StringBuilder sql, List<(string, object?)> parameters, int start, int count) =>
        AppendRows(sql, parameters, start, count, "f", i => [_facets[i].ResultType, _facets[i].ReceivingMx, _facets[i].SendingIp, _facets[i].Sessions]);

    /// <summary>Appends <c>(@b0_0, @b0_1, …), …</c> for items start…start+count-1 and their values as parameters.</summary>
    private static void AppendRows(StringBuilder sql, List<(string, object?)> parameters, int start, int count, string prefix, Func<int, object?[]> values)
    {
        for (var i = start; i < start + count; i++)
        {
            sql.Append(i == start ? "(" : ", (");
            var row = values(i);
            for (var c = 0; c < row.Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}_{c}");
                sql.Append(c == 0 ? "@" : ", @").Append(name);
                parameters.Add((name, row[c]));
            }

            sql.Append(')');
        }
    }
}
