using System.Data.Common;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// Read-only queries behind the dashboard's drill-down and the tenant overview. They read SQL only, so they run in the
/// API process, not in the domain grain (STYLE 10); the caller has checked that the domain is the tenant's. Every
/// query is bounded by one domain (or one tenant's domains) and a day range on an index whose first columns are
/// (domain, day).
/// </summary>
public sealed class FilteredReports(PlatformDatabase database)
{
    /// <summary>Organizations listed with their rates; a flood of names cannot grow an answer past it.</summary>
    public const int MaxOrganizations = 100;

    /// <summary>
    /// Totals per day under a filter. With failure fields set, <c>FailedSessions</c> and <c>Reports</c> count the
    /// matching failures and the reports that have them, while <c>SuccessfulSessions</c> stays that of the
    /// organization scope: successes carry no result type, MX or IP, and the share of all sessions is what a reader needs.
    /// </summary>
    public async Task<IReadOnlyList<FilteredDay>> DailyAsync(string domain, DateOnly from, DateOnly to, ReportFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.OpenAsync(cancellationToken);
        var scope = await Scoped(connection, $"""
                SELECT day, COUNT(*), CAST(SUM(successful) AS bigint), CAST(SUM(failed) AS bigint) FROM reports
                WHERE domain = @d AND day BETWEEN @from AND @to{OrganizationCondition(filter, "")} GROUP BY day
                """, domain, from, to, filter)
            .ListAsync(r => new DailyTotals(DayNumbers.FromStored(r.GetInt32(0)), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken);
        if (!filter.ByFailureFields)
        {
            return [.. scope.OrderBy(d => d.Day).Select(d => new FilteredDay(d.Day, d.Reports, d.SuccessfulSessions, d.FailedSessions, Sum(d.SuccessfulSessions, d.FailedSessions)))];
        }

        var failures = await Scoped(connection, $"""
                SELECT day, COUNT(DISTINCT report_pk), CAST(SUM(sessions) AS bigint) FROM report_failures
                WHERE domain = @d AND day BETWEEN @from AND @to{FailureConditions(filter)} GROUP BY day
                """, domain, from, to, filter)
            .ListAsync(r => (Day: DayNumbers.FromStored(r.GetInt32(0)), Reports: r.GetInt64(1), Failed: r.GetInt64(2)), cancellationToken);
        var matching = failures.ToDictionary(f => f.Day);
        return [.. scope.Select(d => matching.TryGetValue(d.Day, out var m)
                ? new FilteredDay(d.Day, m.Reports, d.SuccessfulSessions, m.Failed, Sum(d.SuccessfulSessions, d.FailedSessions))
                : new FilteredDay(d.Day, 0, d.SuccessfulSessions, 0, Sum(d.SuccessfulSessions, d.FailedSessions)))
            .OrderBy(d => d.Day)];
    }

    /// <summary>
    /// Breakdowns under a filter, in the shape of the daily breakdown. Result type, MX, IP and organization come from
    /// the facets; policy type and policy domain are not kept per facet and are left out.
    /// </summary>
    public async Task<IReadOnlyList<BreakdownEntry>> BreakdownAsync(string domain, DateOnly from, DateOnly to, ReportFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.OpenAsync(cancellationToken);
        var entries = new List<BreakdownEntry>();
        foreach (var (dimension, column) in new[] { (Dimension.ResultType, "result_type"), (Dimension.ReceivingMx, "receiving_mx"), (Dimension.SendingIp, "sending_ip"), (Dimension.Organization, "organization") })
        {
            // Top keys only: the grouping runs in SQL, and at most a few hundred rows come back per dimension.
            entries.AddRange(await Scoped(connection, $"""
                    SELECT {column}, CAST(SUM(sessions) AS bigint) AS n FROM report_failures
                    WHERE domain = @d AND day BETWEEN @from AND @to{FailureConditions(filter)}
                    GROUP BY {column} ORDER BY n DESC, {column} LIMIT 500
                    """, domain, from, to, filter)
                .ListAsync(r => new BreakdownEntry(dimension, r.GetString(0), r.GetInt64(1)), cancellationToken));
        }

        if (!filter.ByFailureFields)
        {
            // By organization alone, the summaries are the truth (they add up to the failed total, details may not).
            entries.RemoveAll(e => e.Dimension == Dimension.Organization);
            entries.AddRange((await OrganizationsAsync(domain, from, to, filter, cancellationToken))
                .Where(o => o.FailedSessions > 0).Select(o => new BreakdownEntry(Dimension.Organization, o.Organization, o.FailedSessions)));
        }

        return entries;
    }

    /// <summary>Successful and failed sessions per organization, largest first, at most <see cref="MaxOrganizations"/>.</summary>
    public async Task<IReadOnlyList<OrganizationSessions>> OrganizationsAsync(string domain, DateOnly from, DateOnly to, ReportFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Scoped(connection, $"""
                SELECT organization, COUNT(*), CAST(SUM(successful) AS bigint) AS ok, CAST(SUM(failed) AS bigint) AS bad FROM reports
                WHERE domain = @d AND day BETWEEN @from AND @to{OrganizationCondition(filter, "")}
                GROUP BY organization ORDER BY bad DESC, ok DESC, organization LIMIT {MaxOrganizations}
                """, domain, from, to, filter)
            .ListAsync(r => new OrganizationSessions(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken);
    }

    /// <summary>Reports of the range that match the filter (with failure fields: that have such a failure), newest first.</summary>
    public async Task<IReadOnlyList<ReportListEntry>> ListAsync(string domain, DateOnly from, DateOnly to, ReportFilter filter, int limit, int offset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var failures = filter.ByFailureFields
            ? $" AND EXISTS (SELECT 1 FROM report_failures f WHERE f.report_pk = r.id{FailureConditions(filter, "f.")})"
            : string.Empty;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Scoped(connection, $"""
                SELECT r.public_id, r.organization, r.report_id, r.start_at, r.end_at, r.received_at, r.channel, r.submitter, r.dkim, r.successful, r.failed, r.deviations
                FROM reports r WHERE r.domain = @d AND r.day BETWEEN @from AND @to{OrganizationCondition(filter, "r.")}{failures}
                ORDER BY r.start_at DESC, r.id DESC LIMIT @limit OFFSET @offset
                """, domain, from, to, filter)
            .With("limit", limit).With("offset", offset)
            .ListAsync(ReportStore.ReadListEntry, cancellationToken);
    }

    /// <summary>
    /// Each of the tenant's domains' totals over the range in at most <paramref name="buckets"/> buckets of equal
    /// length: one grouped query however many days the range has.
    /// </summary>
    public async Task<IReadOnlyList<DomainDayTotals>> TenantTrendAsync(string tenantId, DateOnly from, DateOnly to, int buckets, CancellationToken cancellationToken = default)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        var size = Math.Max(1, (days + buckets - 1) / buckets);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT t.domain, (t.day - @from) / @size AS bucket, CAST(SUM(t.reports) AS bigint), CAST(SUM(t.successful) AS bigint), CAST(SUM(t.failed) AS bigint)
                FROM daily_totals t JOIN domains d ON d.name = t.domain
                WHERE d.tenant_id = @t AND t.day BETWEEN @from AND @to
                GROUP BY t.domain, (t.day - @from) / @size
                """)
            .With("t", tenantId).With("from", from.ToStored()).With("to", to.ToStored()).With("size", size)
            .ListAsync(r => new DomainDayTotals(r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)), cancellationToken);
    }

    /// <summary>Refused submissions per domain of the tenant since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> TenantRejectionsAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.Command(
                """
                SELECT x.domain, COUNT(*) FROM rejections x JOIN domains d ON d.name = x.domain
                WHERE d.tenant_id = @t AND x.at >= @since GROUP BY x.domain
                """)
            .With("t", tenantId).With("since", since.ToUnixTimeMilliseconds())
            .ListAsync(r => (r.GetString(0), r.GetInt64(1)), cancellationToken);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    /// <remarks>Stored counts saturate at 10^14 (ReportAggregator), so sums over 400 days stay far below 2^63.</remarks>
    private static long Sum(long a, long b) => a + b;

    private static DbCommand Scoped(DbConnection connection, string sql, string domain, DateOnly from, DateOnly to, ReportFilter filter)
    {
        var command = connection.Command(sql).With("d", domain).With("from", from.ToStored()).With("to", to.ToStored());
        // Only the conditions in the text get parameters: an unused typeless NULL would trouble PostgreSQL.
        foreach (var (name, value) in new[] { ("rt", filter.ResultType), ("org", filter.Organization), ("mx", filter.ReceivingMx), ("ip", filter.SendingIp) })
        {
            if (value is not null && sql.Contains("@" + name, StringComparison.Ordinal))
            {
                command.With(name, value);
            }
        }

        return command;
    }

    private static string OrganizationCondition(ReportFilter filter, string prefix) =>
        filter.Organization is null ? string.Empty : $" AND {prefix}organization = @org";

    private static string FailureConditions(ReportFilter filter, string prefix = "") =>
        (filter.ResultType is null ? "" : $" AND {prefix}result_type = @rt")
        + (filter.ReceivingMx is null ? "" : $" AND {prefix}receiving_mx = @mx")
        + (filter.SendingIp is null ? "" : $" AND {prefix}sending_ip = @ip")
        + OrganizationCondition(filter, prefix);
}
