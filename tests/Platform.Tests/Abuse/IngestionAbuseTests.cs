using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// Issue 11's attacks on anonymous report ingestion, each run against the platform as a whole on both stores: a sender
/// who holds a report token (they are published in DNS) must not be able to break a domain or bloat the store.
/// </summary>
public abstract class IngestionAbuseTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private const string Problem = "urn:tlsrpt-platform:problem:";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task A_count_of_2_to_the_63_is_refused_with_its_path_and_the_day_stays_usable()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();

        using var huge = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "huge", Today, long.MaxValue, 0));
        using var normal = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "normal", Today, 900, 100));
        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        var problem = await Json(huge);
        Assert.Equal(Problem + "invalid-report", (string?)problem["type"]);
        Assert.Equal("$.policies[0].summary.total-successful-session-count", (string?)problem["path"]);
        Assert.Equal(HttpStatusCode.Created, normal.StatusCode);
        Assert.Equal(900, (long)summary["successfulSessions"]!);
        Assert.Equal(0.1, (double)summary["failureRate"]!, 6);
    }

    [Fact]
    public async Task Failure_details_whose_sum_would_overflow_are_refused_not_a_server_error()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var report = JsonNode.Parse(Reports.WithSessions(name, "overflow", Today, 0, 1))!;
        var details = report["policies"]![0]!["failure-details"]!.AsArray();
        details[0]!["failed-session-count"] = long.MaxValue;
        details.Add(JsonNode.Parse("""{"result-type":"starttls-not-supported","sending-mta-ip":"192.0.2.1","failed-session-count":1}"""));

        using var response = await platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(report.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("$.policies[0].failure-details[0].failed-session-count", (string?)(await Json(response))["path"]);
    }

    [Fact]
    public async Task Reports_at_the_ceiling_saturate_the_day_instead_of_overflowing_it()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var statuses = new List<HttpStatusCode>();

        // 3 reports × 300 policies × 10^12 sessions each way: 9 × 10^14 per column, past the 10^14 day ceiling.
        for (var i = 0; i < 3; i++)
        {
            using var response = await platform.Http.PostJsonAsync(token, AtCeiling(name, $"ceiling-{i}", Today, policies: 300));
            statuses.Add(response.StatusCode);
        }

        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from={Today.AddDays(-400):yyyy-MM-dd}&to={Today.AddDays(1):yyyy-MM-dd}"));
        var daily = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/daily?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}"))!.AsArray();

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(3, (long)summary["reports"]!);
        Assert.Equal(ReportAggregatorCeiling, (long)summary["successfulSessions"]!);
        Assert.Equal(ReportAggregatorCeiling, (long)summary["failedSessions"]!);
        Assert.Equal(0.5, (double)summary["failureRate"]!, 6);
        Assert.Equal(ReportAggregatorCeiling, (long)summary["byResultType"]!["certificate-expired"]!);
        Assert.Equal(ReportAggregatorCeiling, (long)daily[0]!["failedSessions"]!);
    }

    [Theory]
    [InlineData(2, "report-in-future")]
    [InlineData(365 * 73, "report-in-future")]
    public async Task Reports_dated_ahead_are_refused_and_poison_no_future_day(int daysAhead, string kind)
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var day = Today.AddDays(daysAhead);

        using var response = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "ahead", day, 1, 1));
        var reports = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports?from={Today:yyyy-MM-dd}&to={day:yyyy-MM-dd}"))!.AsArray();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(Problem + kind, (string?)(await Json(response))["type"]);
        Assert.Empty(reports);
    }

    [Fact]
    public async Task A_report_for_tomorrow_is_still_accepted_for_senders_ahead_of_utc()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var report = JsonNode.Parse(Reports.WithSessions(name, "tomorrow", Today, 1, 0))!;
        report["date-range"]!["start-datetime"] = DateTimeOffset.UtcNow.AddHours(12).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        report["date-range"]!["end-datetime"] = DateTimeOffset.UtcNow.AddHours(36).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(report.ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("summary", "to=0001-01-01")]
    [InlineData("summary", "from=0001-01-01&to=9999-12-31")]
    [InlineData("daily", "from=9999-12-01&to=9999-12-31")]
    [InlineData("daily", "to=0001-01-01")]
    [InlineData("reports", "from=0001-01-01&to=9999-12-31")]
    public async Task Extreme_ranges_are_answered_not_a_server_error(string view, string query)
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        using var posted = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "range", Today, 5, 5));

        using var response = await tenant.GetAsync($"/v1/domains/{name}/{view}?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Whitespace_padding_does_not_grow_the_store_and_raw_returns_the_original()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var before = await StoredBytesAsync();
        const int Count = 20;
        string? firstId = null;
        byte[]? first = null;

        for (var i = 0; i < Count; i++)
        {
            var padded = Reports.Padded(Reports.WithSessions(name, $"padded-{i}", Today, 10, 1), (int)ReportLimits.DefaultMaxDecompressedBytes - 4096);
            using var response = await platform.Http.PostGzipAsync(token, padded);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            firstId ??= (await Json(response))["id"]!.ToString();
            first ??= padded;
        }

        var grown = await StoredBytesAsync() - before;
        var raw = await tenant.GetByteArrayAsync($"/v1/domains/{name}/reports/{firstId}/raw");

        Assert.True(grown < 5 * 1024 * 1024, $"{Count} padded reports of 50 MiB grew the store by {grown / 1024} KiB");
        Assert.Equal(first, raw);
    }

    [Fact]
    public async Task A_large_report_in_two_gzip_members_is_accepted_although_its_last_trailer_says_one_byte()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var json = Reports.Padded(Reports.WithSessions(name, "members", Today, 3, 1), 40 * 1024 * 1024);
        var body = Corpus.Gzip(json[..^1]).Concat(Corpus.Gzip(json[^1..])).ToArray();

        using var response = await platform.Http.PostAsync($"/v1/reports/{token}", Reports.Body(body, "application/tlsrpt+gzip"));

        // The buffer grows from the trailer's 1 byte by doubling; only live buffers count against the 128 MiB budget.
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await tenant.GetByteArrayAsync($"/v1/domains/{name}/reports/{(await Json(response))["id"]}/raw");
        Assert.Equal(json, raw);
    }

    [Fact]
    public async Task Distinct_keys_per_day_are_capped_and_their_sessions_kept_under_other()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();

        // Three reports of 1,000 sending IPs each, all different: 3,000 keys asked for on one day.
        for (var r = 0; r < 3; r++)
        {
            var report = JsonNode.Parse(Reports.WithSessions(name, $"keys-{r}", Today, 0, 1_000))!;
            var details = new JsonArray();
            for (var i = 0; i < 1_000; i++)
            {
                details.Add(new JsonObject { ["result-type"] = "starttls-not-supported", ["sending-mta-ip"] = $"10.{r}.{i / 256}.{i % 256}", ["failed-session-count"] = 1 });
            }

            report["policies"]![0]!["failure-details"] = details;
            using var response = await platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(report.ToJsonString()));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Past the limit, a key the day already has still counts under its own name; a new one goes to (other).
        var last = JsonNode.Parse(Reports.WithSessions(name, "keys-3", Today, 0, 5))!;
        last["policies"]![0]!["failure-details"] = new JsonArray(
            new JsonObject { ["result-type"] = "starttls-not-supported", ["sending-mta-ip"] = "10.0.0.1", ["failed-session-count"] = 2 },
            new JsonObject { ["result-type"] = "starttls-not-supported", ["sending-mta-ip"] = "10.9.9.9", ["failed-session-count"] = 3 });
        using (var response = await platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(last.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}"));
        var stored = await ScalarAsync(
            $"SELECT COUNT(*) FROM daily_breakdown WHERE domain = '{name}' AND dimension = {(int)TlsRptPlatform.Protocol.Aggregation.Dimension.SendingIp}");
        var known = await ScalarAsync(
            $"SELECT sessions FROM daily_breakdown WHERE domain = '{name}' AND dimension = {(int)TlsRptPlatform.Protocol.Aggregation.Dimension.SendingIp} AND key = '10.0.0.1'");
        var other = await ScalarAsync(
            $"SELECT sessions FROM daily_breakdown WHERE domain = '{name}' AND dimension = {(int)TlsRptPlatform.Protocol.Aggregation.Dimension.SendingIp} AND key = '(other)'");

        Assert.Equal(3_005, (long)summary["failedSessions"]!);
        Assert.Equal(3_005, summary["bySendingIp"]!.AsObject().Sum(p => (long)p.Value!));
        Assert.Equal(1_001, stored);
        Assert.Equal(3, known);
        Assert.Equal(2_003, other);
    }

    [Fact]
    public async Task A_new_organization_name_per_report_does_not_blow_up_the_reporters_view()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var organizations = Enumerable.Range(0, 210).Select(i => $"Invented {i} " + new string('x', 2_000)).ToList();

        await Parallel.ForEachAsync(organizations, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (organization, _) =>
        {
            using var response = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, organization[..12], Today, 1, 0, organization: organization));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        });
        var reporters = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reporters"))!.AsArray();

        Assert.Equal(200, reporters.Count);
        Assert.All(reporters, r => Assert.Equal(1, (long)r!["reports"]!));
    }

    [Fact]
    public async Task A_huge_content_type_is_not_echoed_whole_and_the_log_keeps_only_the_newest()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var hostile = "text/" + new string('x', 30 * 1024);

        for (var i = 0; i < 110; i++)
        {
            using var response = await platform.Http.PostAsync($"/v1/reports/{token}", Reports.Body("{}"u8.ToArray(), i == 109 ? hostile : "text/plain"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.True((await response.Content.ReadAsStringAsync()).Length < 2048);
        }

        var log = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/rejections"))!.AsArray();

        Assert.Equal(100, log.Count);
        Assert.True(((string)log[0]!["detail"]!).Length <= 1000);
        Assert.Contains("text/xxxx", (string)log[0]!["detail"]!, StringComparison.Ordinal);
        Assert.All(log, r => Assert.Equal("unsupported-media-type", (string?)r!["kind"]));
    }

    [Fact]
    public async Task Report_ids_do_not_count_the_platforms_reports()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var ids = new List<long>();

        for (var i = 0; i < 5; i++)
        {
            using var response = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, $"id-{i}", Today, 1, 0));
            ids.Add((long)(await Json(response))["id"]!);
        }

        using var duplicate = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "id-0", Today, 1, 0));

        Assert.All(ids, id => Assert.InRange(id, 1, (1L << 53) - 1));
        Assert.False(ids.Zip(ids.Skip(1)).All(p => p.Second == p.First + 1), $"ids are a sequence: {string.Join(", ", ids)}");
        Assert.Equal(ids[0], (long)(await Json(duplicate))["id"]!);
    }

    private const long ReportAggregatorCeiling = TlsRptPlatform.Protocol.Aggregation.ReportAggregator.MaxAggregateSessions;

    private async Task<long> StoredBytesAsync() =>
        platform is PostgresPlatform
            // VACUUM-free measure of what the tables hold: heap, TOAST and indexes.
            ? await ScalarAsync("SELECT pg_total_relation_size('reports') + pg_total_relation_size('rejections')")
            : Directory.EnumerateFiles(platform.DataDirectory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private async Task<long> ScalarAsync(string sql)
    {
        var database = (TlsRptPlatform.Storage.Database.PlatformDatabase)platform.Services.GetService(typeof(TlsRptPlatform.Storage.Database.PlatformDatabase))!;
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test SQL built from test-made names.
        command.CommandText = sql;
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] AtCeiling(string domain, string reportId, DateOnly day, int policies)
    {
        var report = JsonNode.Parse(Reports.WithSessions(domain, reportId, day, ReportLimits.MaxSessionCount, ReportLimits.MaxSessionCount))!;
        var policy = report["policies"]![0]!;
        var all = new JsonArray();
        for (var i = 0; i < policies; i++)
        {
            all.Add(policy.DeepClone());
        }

        report["policies"] = all;
        return Encoding.UTF8.GetBytes(report.ToJsonString());
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

public sealed class SqliteIngestionAbuseTests(SqlitePlatform platform) : IngestionAbuseTests<SqlitePlatform>(platform);

public sealed class PostgresIngestionAbuseTests(PostgresPlatform platform) : IngestionAbuseTests<PostgresPlatform>(platform);
