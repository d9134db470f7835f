using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Platform.Tests.Storage;

/// <summary>
/// Breakdowns read whole months from <c>monthly_breakdown</c> and edge days from <c>daily_breakdown</c> (issue 17):
/// whatever the range, the answer must be the plain sum of the day rows, on both engines, after ingestion, after the
/// migration's backfill, after pruning inside a month and after a domain is deleted.
/// </summary>
public abstract class MonthRollupTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    // Four months and a bit, crossing a year end; one busy day spills IP keys past the per-day limit into "(other)".
    private static readonly DateOnly First = new(2024, 11, 20);
    private static readonly DateOnly Last = new(2025, 3, 10);
    private static readonly DateOnly Busy = new(2025, 1, 15);

    private ReportStore Store => platform.Services.GetRequiredService<ReportStore>();

    [Fact]
    public async Task A_breakdown_over_whole_months_partial_months_and_single_days_equals_the_sum_of_its_days()
    {
        var (name, _) = await PopulatedDomainAsync();
        var ranges = new List<(DateOnly, DateOnly)>
        {
            (new(2024, 12, 1), new(2025, 2, 28)), // whole months only
            (new(2024, 11, 1), new(2025, 3, 31)), // whole months beyond the data at both ends
            (new(2024, 11, 25), new(2025, 2, 3)), // partial months at both edges
            (new(2024, 12, 2), new(2024, 12, 30)), // inside one month, no whole month
            (new(2025, 1, 1), new(2025, 1, 20)), // from a month's first day to inside it
            (new(2024, 12, 10), new(2024, 12, 31)), // to a month's last day
            (Busy, Busy), (new(2025, 2, 1), new(2025, 2, 1)), (new(2025, 1, 31), new(2025, 1, 31)), // single days
        };
        var random = new Random(17);
        for (var i = 0; i < 40; i++)
        {
            var a = First.AddDays(random.Next(-15, 125));
            ranges.Add((a, a.AddDays(random.Next(0, 130))));
        }

        var nonEmpty = 0;
        foreach (var (from, to) in ranges)
        {
            var expected = Sorted(await Store.DailyBreakdownAsync(name, from, to));
            Assert.Equal(expected, Sorted(await Store.BreakdownAsync(name, from, to)));
            nonEmpty += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(nonEmpty > 30);
        var busy = await Store.BreakdownAsync(name, Busy, Busy);
        Assert.Contains(busy, e => e.Key == "(other)");
    }

    [Fact]
    public async Task A_summary_over_months_equals_the_sums_of_its_single_days_filtered_or_not()
    {
        var (name, tenant) = await PopulatedDomainAsync();
        DateOnly from = new(2024, 12, 28), to = new(2025, 2, 2);
        foreach (var filter in new[] { "", "&resultType=certificate-expired", "&receivingMx=mx2." + name, "&organization=Reporter%201" })
        {
            var whole = await SummaryAsync(tenant, name, from, to, filter);
            var days = new List<JsonNode>();
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                days.Add(await SummaryAsync(tenant, name, day, day, filter));
            }

            foreach (var total in new[] { "reports", "successfulSessions", "failedSessions" })
            {
                Assert.Equal(days.Sum(d => (long)d[total]!), (long)whole[total]!);
            }

            // Few enough keys that no range lists "(other)": the maps add up key by key.
            foreach (var map in new[] { "byResultType", "byReceivingMx", "byOrganization" })
            {
                var summed = days.SelectMany(d => d[map]!.AsObject()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => (long)p.Value!));
                Assert.Equal(summed.OrderBy(p => p.Key, StringComparer.Ordinal), whole[map]!.AsObject().Select(p => KeyValuePair.Create(p.Key, (long)p.Value!)).OrderBy(p => p.Key, StringComparer.Ordinal));
            }

            Assert.True((long)whole["failedSessions"]! > 0);
            var daily = JsonNode.Parse(await tenant.GetStringAsync(Url(name, "daily", from, to, filter)))!.AsArray();
            Assert.Equal(days.Select(d => (long)d["failedSessions"]!), daily.Select(d => (long)d!["failedSessions"]!));
            Assert.Equal(days.Select(d => (long)d["reports"]!), daily.Select(d => (long)d!["reports"]!));
        }
    }

    [Fact]
    public async Task A_filtered_summary_keeps_the_full_summarys_explanations_of_its_type_and_mx()
    {
        var (name, tenant) = await PopulatedDomainAsync();
        DateOnly from = new(2024, 11, 25), to = new(2025, 2, 3);
        var full = (await SummaryAsync(tenant, name, from, to, ""))["explanations"]!.AsArray();
        Assert.NotEmpty(full);
        foreach (var (filter, keep) in new (string, Func<JsonNode, bool>)[]
        {
            ("&resultType=validation-failure", e => (string?)e["resultType"] == "validation-failure"),
            ("&receivingMx=mx3." + name, e => (string?)e["receivingMx"] == "mx3." + name),
            ("&organization=Reporter%200", _ => true),
        })
        {
            var filtered = (await SummaryAsync(tenant, name, from, to, filter))["explanations"]!.AsArray();
            Assert.Equal(full.Where(e => keep(e!)).Select(e => e!.ToJsonString()), filtered.Select(e => e!.ToJsonString()));
        }
    }

    [Fact]
    public async Task The_migration_backfills_month_rollups_of_a_populated_store()
    {
        var (name, _) = await PopulatedDomainAsync();
        // Back to the schema before migration 025, with the day rows kept, then forward again. One statement at a time:
        // in one transaction, holding monthly_breakdown while locking every partition of reports could deadlock with
        // the platform's own retention pass, which takes them in the other order.
        foreach (var statement in new[]
        {
            "DROP TABLE monthly_breakdown",
            "DROP INDEX ix_reports_domain_day_sessions",
            "DROP INDEX ix_report_failures_domain_day_facets",
            "CREATE INDEX ix_reports_domain_day ON reports (domain, day)",
            "CREATE INDEX ix_report_failures_domain_day ON report_failures (domain, day)",
            "DELETE FROM schema_migrations WHERE version = 25",
        })
        {
            await ExecuteAsync(statement);
        }

        await platform.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();

        Assert.True(await CountAsync($"SELECT COUNT(*) FROM monthly_breakdown WHERE domain = '{name}'") > 0);
        foreach (var (from, to) in new[] { (new DateOnly(2024, 12, 1), new DateOnly(2025, 2, 28)), (First, Last), (new DateOnly(2024, 12, 15), new DateOnly(2025, 2, 14)) })
        {
            Assert.Equal(Sorted(await Store.DailyBreakdownAsync(name, from, to)), Sorted(await Store.BreakdownAsync(name, from, to)));
        }
    }

    [Fact]
    public async Task Pruning_inside_a_month_leaves_its_rollup_equal_to_the_days_kept()
    {
        // Days long before every other test's data: pruning (which spans all domains) touches only these.
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        for (var day = new DateOnly(2019, 2, 20); day <= new DateOnly(2019, 3, 25); day = day.AddDays(1))
        {
            await PostAsync(token, History(name, day, 0, details: 3));
        }

        DateOnly march = new(2019, 3, 1), end = new(2019, 3, 31);
        var before = Sorted(await Store.DailyBreakdownAsync(name, march, end));

        // Twice, as the daily pruning does: the second run must not take the first run's days off again.
        foreach (var cutoff in new DateOnly[] { new(2019, 3, 12), new(2019, 3, 15) })
        {
            await Store.PruneBeforeAsync(cutoff);

            var kept = Sorted(await Store.DailyBreakdownAsync(name, march, end));
            Assert.NotEmpty(kept);
            Assert.NotEqual(before, kept);
            Assert.Equal(kept, Sorted(await Store.BreakdownAsync(name, march, end)));
            before = kept;
        }

        Assert.Empty(await Store.BreakdownAsync(name, new DateOnly(2019, 2, 1), new DateOnly(2019, 2, 28)));
    }

    [Fact]
    public async Task Deleting_a_domain_removes_its_month_rollups()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        await PostAsync(token, History(name, new DateOnly(2025, 6, 3), 0, details: 2));
        Assert.True(await CountAsync($"SELECT COUNT(*) FROM monthly_breakdown WHERE domain = '{name}'") > 0);

        using var deleted = await tenant.DeleteAsync($"/v1/domains/{name}");

        Assert.True(deleted.IsSuccessStatusCode);
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM monthly_breakdown WHERE domain = '{name}'"));
    }

    /// <summary>
    /// Two reporters a day over <see cref="First"/>…<see cref="Last"/>, and on <see cref="Busy"/> a report of 1,000
    /// sending IPs and one of 700, which finds the day past its key limit.
    /// </summary>
    private async Task<(string Name, HttpClient Tenant)> PopulatedDomainAsync()
    {
        var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            for (var reporter = 0; reporter < 2; reporter++)
            {
                await PostAsync(token, History(name, day, reporter, details: 1 + ((day.DayNumber + reporter) % 5)));
            }
        }

        for (var reporter = 2; reporter < 4; reporter++)
        {
            await PostAsync(token, History(name, Busy, reporter, details: reporter == 2 ? 1_000 : 700));
        }

        return (name, tenant);
    }

    private async Task PostAsync(string token, byte[] report)
    {
        using var response = await platform.Http.PostGzipAsync(token, report);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static readonly string[] ResultTypes = ["certificate-expired", "starttls-not-supported", "validation-failure", "certificate-host-mismatch"];

    /// <summary>A report with <paramref name="details"/> failure details, each from its own sending IP (distinct per reporter and day).</summary>
    private static byte[] History(string domain, DateOnly day, int reporter, int details)
    {
        var failures = new JsonArray();
        long failed = 0;
        for (var i = 0; i < details; i++)
        {
            var count = 1 + ((day.DayNumber * 7) + i) % 13;
            failed += count;
            var ip = (day.DayNumber % 50 * 4) + reporter + (i * 200);
            failures.Add(new JsonObject
            {
                ["result-type"] = ResultTypes[(day.DayNumber + i) % ResultTypes.Length],
                ["sending-mta-ip"] = string.Create(CultureInfo.InvariantCulture, $"10.{reporter}.{ip / 256 % 256}.{ip % 256}"),
                ["receiving-mx-hostname"] = $"mx{1 + ((i + reporter) % 3)}.{domain}",
                ["failed-session-count"] = count,
            });
        }

        var report = new JsonObject
        {
            ["organization-name"] = $"Reporter {reporter}",
            ["date-range"] = new JsonObject { ["start-datetime"] = $"{day:yyyy-MM-dd}T00:00:00Z", ["end-datetime"] = $"{day:yyyy-MM-dd}T23:59:59Z" },
            ["contact-info"] = "tlsrpt@reporter.test",
            ["report-id"] = $"{day:yyyy-MM-dd}-{reporter}",
            ["policies"] = new JsonArray(new JsonObject
            {
                ["policy"] = new JsonObject { ["policy-type"] = "sts", ["policy-string"] = new JsonArray("version: STSv1", "mode: enforce"), ["policy-domain"] = domain },
                ["summary"] = new JsonObject { ["total-successful-session-count"] = 100 + (day.DayNumber % 17), ["total-failure-session-count"] = failed },
                ["failure-details"] = failures,
            }),
        };
        return Encoding.UTF8.GetBytes(report.ToJsonString());
    }

    private static async Task<JsonNode> SummaryAsync(HttpClient tenant, string name, DateOnly from, DateOnly to, string filter) =>
        JsonNode.Parse(await tenant.GetStringAsync(Url(name, "summary", from, to, filter)))!;

    private static string Url(string name, string path, DateOnly from, DateOnly to, string filter) =>
        string.Create(CultureInfo.InvariantCulture, $"/v1/domains/{name}/{path}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}{filter}");

    private static List<BreakdownEntry> Sorted(IEnumerable<BreakdownEntry> entries) =>
        [.. entries.OrderBy(e => e.Dimension).ThenBy(e => e.Key, StringComparer.Ordinal)];

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await platform.Services.GetRequiredService<PlatformDatabase>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using DbConnection connection = await platform.Services.GetRequiredService<PlatformDatabase>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}

public sealed class PostgresMonthRollupTests(PostgresPlatform platform) : MonthRollupTests<PostgresPlatform>(platform);

public sealed class SqliteMonthRollupTests(SqlitePlatform platform) : MonthRollupTests<SqlitePlatform>(platform);
