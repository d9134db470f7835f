using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Api;

/// <summary>The public HTTP contract, over real HTTP, run once per store (see the subclasses at the end).</summary>
public abstract class ApiTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private const string ProblemPrefix = "urn:tlsrpt-platform:problem:";
    private static int _domains;

    protected TFixture Platform { get; } = platform;

    [Fact]
    public async Task Creating_a_tenant_needs_the_admin_key()
    {
        using var anonymous = await Platform.Http.PostAsJsonAsync("/v1/tenants", new { name = "x" });
        using var tenant = await Platform.NewTenantAsync();
        using var asTenant = await tenant.PostAsJsonAsync("/v1/tenants", new { name = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asTenant.StatusCode);
    }

    [Fact]
    public async Task Created_tenant_carries_id_name_and_a_strong_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { name = "Acme" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PlatformFixture.AdminKey);
        using var response = await Platform.Http.SendAsync(request);
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Acme", (string?)body["name"]);
        Assert.False(string.IsNullOrEmpty((string?)body["id"]));
        Assert.True(((string)body["apiKey"]!).Length >= 43, "256 random bits need at least 43 base64 characters");
    }

    [Fact]
    public async Task Registering_a_domain_returns_its_report_addresses()
    {
        using var tenant = await Platform.NewTenantAsync();
        var name = NewDomain();

        using var response = await tenant.PostAsJsonAsync("/v1/domains", new { name = name.ToUpperInvariant() + "." });
        var body = await Json(response);
        var token = (string)body["reportToken"]!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, (string?)body["name"]);
        Assert.Equal($"https://tlsrpt.example.net/v1/reports/{token}", (string?)body["ruaHttps"]);
        Assert.Equal($"mailto:{token}@reports.example.net", (string?)body["ruaMailto"]);
        Assert.Equal($"v=TLSRPTv1; rua=mailto:{token}@reports.example.net,https://tlsrpt.example.net/v1/reports/{token}", (string?)body["tlsRptRecord"]);
        Assert.False((bool)body["verified"]!);
        Assert.True(token.Length >= 26 && token.All(char.IsAsciiLetterOrDigit), "a token carries at least 128 bits, URL-safe");
    }

    [Fact]
    public async Task Domain_names_are_normalised_and_invalid_ones_refused()
    {
        using var tenant = await Platform.NewTenantAsync();

        using var idn = await tenant.PostAsJsonAsync("/v1/domains", new { name = $"bücher-{Interlocked.Increment(ref _domains)}.example" });
        using var invalid = await tenant.PostAsJsonAsync("/v1/domains", new { name = "not a domain" });

        Assert.StartsWith("xn--", (string?)(await Json(idn))["name"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(ProblemPrefix + "invalid-domain-name", (string?)(await Json(invalid))["type"]);
    }

    [Fact]
    public async Task A_domain_belongs_to_one_tenant()
    {
        using var first = await Platform.NewTenantAsync();
        using var second = await Platform.NewTenantAsync();
        var name = NewDomain();

        using var created = await first.PostAsJsonAsync("/v1/domains", new { name });
        using var again = await first.PostAsJsonAsync("/v1/domains", new { name });
        using var taken = await second.PostAsJsonAsync("/v1/domains", new { name });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((string?)(await Json(created))["reportToken"], (string?)(await Json(again))["reportToken"]);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(ProblemPrefix + "domain-registered-elsewhere", (string?)(await Json(taken))["type"]);
    }

    [Fact]
    public async Task A_report_is_aggregated_into_the_summary_once()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var report = Reports.For("parsedmarc/smtp_tls.json", name);

        using var first = await Platform.Http.PostGzipAsync(token, report);
        using var again = await Platform.Http.PostGzipAsync(token, report);
        using var asJson = await Platform.Http.PostJsonAsync(token, report);
        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from=2000-01-01&to=2030-12-31"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (string?)(await Json(again))["status"]);
        Assert.Equal(HttpStatusCode.OK, asJson.StatusCode);
        Assert.Equal(1, (long)summary["reports"]!);
        var expected = Expected(report);
        Assert.Equal(expected.Successful, (long)summary["successfulSessions"]!);
        Assert.Equal(expected.Failed, (long)summary["failedSessions"]!);
        Assert.Equal(Math.Round((double)expected.Failed / (expected.Successful + expected.Failed), 6), (double)summary["failureRate"]!, 6);
        foreach (var (resultType, count) in expected.ByResultType)
        {
            Assert.Equal(count, (long)summary["byResultType"]![resultType]!);
        }

        Assert.Equal(expected.Failed, (long)summary["byOrganization"]!.AsObject().Single().Value!);
        Assert.Equal(name, (string?)summary["domain"]);
        Assert.Equal("2000-01-01", (string?)summary["from"]);
        foreach (var field in new[] { "byPolicyType", "byReceivingMx", "bySendingIp" })
        {
            Assert.NotNull(summary[field]);
        }
    }

    [Fact]
    public async Task Every_corpus_report_is_accepted_and_counted()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        long successful = 0, failed = 0;
        var files = Corpus.JsonFiles().Select(f => Path.GetRelativePath(Corpus.Directory, f)).ToList();

        foreach (var file in files)
        {
            var report = Reports.For(file, name, reportId: "corpus-" + file);
            using var response = await Platform.Http.PostGzipAsync(token, report);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{file}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var expected = Expected(report);
            successful += expected.Successful;
            failed += expected.Failed;
        }

        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from=2000-01-01&to=2030-12-31"));
        var daily = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/daily?from=2000-01-01&to=2002-12-31"))!.AsArray();
        var list = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports?from=2000-01-01&to=2030-12-31&limit=1000"))!.AsArray();

        Assert.Equal(files.Count, (long)summary["reports"]!);
        Assert.Equal(successful, (long)summary["successfulSessions"]!);
        Assert.Equal(failed, (long)summary["failedSessions"]!);
        Assert.Equal(3 * 365 + 1, daily.Count);
        Assert.Equal(files.Count, list.Count);
    }

    [Fact]
    public async Task Daily_rows_and_raw_report_come_back_as_stored()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var report = Reports.For("parsedmarc/mail.ru.json", name);

        using var posted = await Platform.Http.PostGzipAsync(token, report);
        var id = (long)(await Json(posted))["id"]!;
        var daily = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/daily?from=2024-02-21&to=2024-02-23"))!.AsArray();
        var raw = await tenant.GetByteArrayAsync($"/v1/domains/{name}/reports/{id}/raw");
        var list = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports?from=2024-02-22&to=2024-02-22"))!.AsArray();

        Assert.Equal(["2024-02-21", "2024-02-22", "2024-02-23"], daily.Select(d => (string)d!["day"]!));
        Assert.Equal([0L, 1L, 0L], daily.Select(d => (long)d!["failedSessions"]!));
        Assert.Equal(report, raw);
        var entry = Assert.Single(list);
        Assert.Equal("Mail.ru", (string?)entry!["organization"]);
        Assert.Equal("https", (string?)entry["channel"]);
        Assert.Contains("failure-count-mismatch", entry["deviations"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public async Task Bad_submissions_get_problem_details_and_change_nothing()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var valid = Reports.For("parsedmarc/smtp_tls.json", name);
        var negative = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace("\"total-failure-session-count\":", "\"total-failure-session-count\":-", StringComparison.Ordinal));
        var otherDomain = Reports.For("parsedmarc/smtp_tls.json", "someone-else.example");

        var cases = new (HttpContent Body, HttpStatusCode Status, string Type, string? Path)[]
        {
            (Reports.Body(valid, "text/plain"), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", null),
            (Reports.Body(Encoding.UTF8.GetBytes("{not json"), "application/tlsrpt+json"), HttpStatusCode.BadRequest, "malformed-report", null),
            (Reports.Body(Corpus.Gzip(valid)[..40], "application/tlsrpt+gzip"), HttpStatusCode.BadRequest, "malformed-report", null),
            (Reports.Body(negative, "application/tlsrpt+json"), HttpStatusCode.UnprocessableEntity, "invalid-report", "$.policies[0].summary.total-failure-session-count"),
            (Reports.Body(otherDomain, "application/tlsrpt+json"), HttpStatusCode.UnprocessableEntity, "policy-domain-mismatch", "$.policies[0].policy.policy-domain"),
            (Reports.Body(new byte[(5 * 1024 * 1024) + 1], "application/tlsrpt+json"), HttpStatusCode.RequestEntityTooLarge, "report-too-large", null),
        };

        foreach (var (body, status, type, path) in cases)
        {
            using var response = await Platform.Http.PostAsync($"/v1/reports/{token}", body);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await Json(response);
            Assert.Equal(ProblemPrefix + type, (string?)problem["type"]);
            if (path is not null)
            {
                Assert.Equal(path, (string?)problem["path"]);
            }
        }

        using var unknown = await Platform.Http.PostJsonAsync("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", valid);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ProblemPrefix + "unknown-report-token", (string?)(await Json(unknown))["type"]);

        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from=2000-01-01&to=2030-12-31"));
        Assert.Equal(0, (long)summary["reports"]!);
        var rejections = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/rejections"))!.AsArray();
        Assert.Equal(cases.Length, rejections.Count);
        Assert.Equal("policy-domain-mismatch", (string?)rejections[1]!["kind"]);
        Assert.Equal("$.policies[0].policy.policy-domain", (string?)rejections[1]!["path"]);
    }

    [Fact]
    public async Task A_dane_report_about_an_mx_host_is_accepted_and_broken_down_by_policy_domain()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        // As Postfix with tlsrpt-reporter sends it: the recipient domain's sts policy, and a tlsa policy whose
        // policy-domain is the TLSA base domain, an MX host under a hosting provider's domain.
        var report = JsonNode.Parse(Reports.WithSessions(name, "dane", new DateOnly(2026, 11, 20), 90, 10))!;
        var tlsa = report["policies"]![0]!.DeepClone();
        tlsa["policy"]!["policy-type"] = "tlsa";
        tlsa["policy"]!["policy-string"] = new JsonArray("3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        tlsa["policy"]!["policy-domain"] = "MX1.Hoster.Example.";
        tlsa["summary"]!["total-successful-session-count"] = 40;
        tlsa["summary"]!["total-failure-session-count"] = 5;
        tlsa["failure-details"]![0]!["result-type"] = "tlsa-invalid";
        tlsa["failure-details"]![0]!["failed-session-count"] = 5;
        report["policies"]!.AsArray().Add(tlsa);
        var stsElsewhere = JsonNode.Parse(Reports.WithSessions("hoster.example", "sts-elsewhere", new DateOnly(2026, 11, 20), 1, 0))!;

        using var accepted = await Platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(report.ToJsonString()));
        using var refused = await Platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(stsElsewhere.ToJsonString()));
        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from=2026-11-20&to=2026-11-20"));

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(130, (long)summary["successfulSessions"]!);
        Assert.Equal(15, (long)summary["failedSessions"]!);
        Assert.Equal(10, (long)summary["byPolicyDomain"]![name]!);
        Assert.Equal(5, (long)summary["byPolicyDomain"]!["mx1.hoster.example"]!);
        Assert.Equal(40, (long)summary["byPolicyType"]!["tlsa"]!["successfulSessions"]!);
        Assert.Equal(5, (long)summary["byPolicyType"]!["tlsa"]!["failedSessions"]!);
        Assert.Equal(90, (long)summary["byPolicyType"]!["sts"]!["successfulSessions"]!);
        Assert.Equal(10, (long)summary["byPolicyType"]!["sts"]!["failedSessions"]!);
        Assert.Equal(5, (long)summary["byResultType"]!["tlsa-invalid"]!);
    }

    [Fact]
    public async Task Reporters_are_listed_with_their_cadence_channel_and_counts()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        foreach (var day in new[] { 10, 11, 12 })
        {
            using var daily = await Platform.Http.PostJsonAsync(token, Reports.WithSessions(name, $"daily-{day}", new DateOnly(2026, 11, day), 5, 0, organization: "Daily Sender"));
            Assert.Equal(HttpStatusCode.Created, daily.StatusCode);
        }

        using var once = await Platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "once", new DateOnly(2026, 11, 11), 1, 0, organization: "Occasional Sender"));
        var reporters = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reporters"))!.AsArray();

        Assert.Equal(["Occasional Sender", "Daily Sender"], reporters.Select(r => (string?)r!["organization"]));
        var regular = reporters[1]!;
        Assert.Equal(3, (long)regular["reports"]!);
        Assert.Equal(3, (long)regular["reportsLast30Days"]!);
        Assert.Equal(24.0, (double)regular["cadenceHours"]!);
        Assert.Equal("https", (string?)regular["channel"]);
        Assert.Null(regular["dkimPasses"]);
        Assert.True(DateTimeOffset.Parse((string)regular["firstReportAt"]!, System.Globalization.CultureInfo.InvariantCulture)
            <= DateTimeOffset.Parse((string)regular["lastReportAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(reporters[0]!["cadenceHours"]);
    }

    [Fact]
    public async Task Another_tenants_domain_is_not_found()
    {
        using var owner = await Platform.NewTenantAsync();
        using var stranger = await Platform.NewTenantAsync();
        var (name, token) = await owner.RegisterDomainAsync();
        using var posted = await Platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name));
        var id = (long)(await Json(posted))["id"]!;

        foreach (var path in new[] { "", "/summary", "/daily", "/reports", $"/reports/{id}/raw", "/rejections", "/reporters" })
        {
            using var response = await stranger.GetAsync($"/v1/domains/{name}{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var delete = await stranger.DeleteAsync($"/v1/domains/{name}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var list = JsonNode.Parse(await stranger.GetStringAsync("/v1/domains"))!.AsArray();
        Assert.DoesNotContain(list, d => (string?)d!["name"] == name);
        using var ownerView = await owner.GetAsync($"/v1/domains/{name}/reports/{id}/raw");
        Assert.Equal(HttpStatusCode.OK, ownerView.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_domain_deletes_its_reports()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        using var posted = await Platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name));

        using var deleted = await tenant.DeleteAsync($"/v1/domains/{name}");
        using var gone = await tenant.GetAsync($"/v1/domains/{name}");
        using var lateReport = await Platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name));
        var (_, newToken) = await tenant.RegisterDomainAsync(name);
        var summary = await Json(await tenant.GetAsync($"/v1/domains/{name}/summary?from=2000-01-01&to=2030-12-31"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lateReport.StatusCode);
        Assert.NotEqual(token, newToken);
        Assert.Equal(0, (long)summary["reports"]!);
    }

    [Fact]
    public async Task Health_and_api_description_are_served()
    {
        using var live = await Platform.Http.GetAsync("/health/live");
        using var ready = await Platform.Http.GetAsync("/health/ready");
        using var startup = await Platform.Http.GetAsync("/health/startup");
        var openApi = await Json(await Platform.Http.GetAsync("/openapi/v1.json"));
        using var reference = await Platform.Http.GetAsync("/docs/api");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, startup.StatusCode);
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var route in new[] { "/v1/tenants", "/v1/domains", "/v1/domains/{name}", "/v1/domains/{name}/summary", "/v1/domains/{name}/daily",
                     "/v1/domains/{name}/reports", "/v1/domains/{name}/reports/{id}/raw", "/v1/domains/{name}/rejections", "/v1/reports/{token}", "/health/live", "/health/ready", "/health/startup",
                     "/v1/domains/{name}/checks", "/v1/domains/{name}/policy", "/v1/domains/{name}/policy/history", "/v1/alerts", "/v1/alerts/channels",
                     "/v1/alerts/channels/{id}", "/v1/alerts/channels/{id}/test", "/v1/domains/{name}/alert-rules", "/v1/domains/{name}/alert-rules/{id}" })
        {
            Assert.Contains(route, paths);
        }

        var operations = openApi["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!)).ToList();
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty((string?)o["operationId"]), $"no operationId: {o["summary"]}"));
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty((string?)o["description"]), $"no description: {o["operationId"]}"));
        Assert.Equal(operations.Count, operations.Select(o => (string?)o["operationId"]).Distinct().Count());

        var ingest = openApi["paths"]!["/v1/reports/{token}"]!["post"]!;
        Assert.Equal("Reports_Ingest", (string?)ingest["operationId"]);
        Assert.NotNull(ingest["requestBody"]!["content"]!["application/tlsrpt+json"]!["example"]);
        Assert.Equal(ProblemPrefix + "invalid-report", (string?)ingest["responses"]!["422"]!["content"]!["application/problem+json"]!["example"]!["type"]);
        Assert.NotNull(openApi["paths"]!["/v1/domains/{name}/summary"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("openapi/v1.json", await reference.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_for_prometheus()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        using var posted = await Platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name));

        using var scraper = new HttpClient { BaseAddress = Platform.MetricsUrl };
        var metrics = await scraper.GetStringAsync("/metrics");

        Assert.Contains("tlsrpt_reports_accepted", metrics, StringComparison.Ordinal);
        Assert.Contains("tlsrpt_sessions", metrics, StringComparison.Ordinal);
        Assert.Contains("result_type=\"validation-failure\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(name, metrics, StringComparison.Ordinal);

        // Durations are in seconds: their buckets must resolve milliseconds (the SDK's defaults start at 5).
        foreach (var histogram in new[] { "tlsrpt_ingest_duration_seconds", "tlsrpt_archive_commit_duration_seconds", "tlsrpt_archive_queue_duration_seconds" })
        {
            Assert.Matches(new Regex($@"^{histogram}_bucket\{{[^}}]*le=""0\.001""\}} \d+", RegexOptions.Multiline), metrics);
            Assert.Matches(new Regex($@"^{histogram}_bucket\{{[^}}]*le=""0\.1""\}} \d+", RegexOptions.Multiline), metrics);
            Assert.DoesNotMatch(new Regex($@"^{histogram}_bucket\{{[^}}]*le=""7500""", RegexOptions.Multiline), metrics);
        }
    }

    [Fact]
    public async Task Invalid_date_ranges_are_refused()
    {
        using var tenant = await Platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();

        using var reversed = await tenant.GetAsync($"/v1/domains/{name}/summary?from=2024-02-02&to=2024-02-01");
        using var garbage = await tenant.GetAsync($"/v1/domains/{name}/daily?from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    protected static string NewDomain() => $"d{Interlocked.Increment(ref _domains)}-{Guid.NewGuid():N}.example".Substring(0, 40) + ".example";

    protected static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    private static (long Successful, long Failed, Dictionary<string, long> ByResultType) Expected(byte[] report)
    {
        var json = JsonNode.Parse(report)!;
        long ok = 0, failed = 0;
        var byType = new Dictionary<string, long>();
        foreach (var policy in json["policies"]!.AsArray())
        {
            ok += (long)policy!["summary"]!["total-successful-session-count"]!;
            failed += (long)policy["summary"]!["total-failure-session-count"]!;
            foreach (var detail in policy["failure-details"]?.AsArray() ?? [])
            {
                var type = (string)detail!["result-type"]!;
                byType[type] = byType.GetValueOrDefault(type) + (long)detail["failed-session-count"]!;
            }
        }

        return (ok, failed, byType);
    }
}

public sealed class SqliteApiTests(SqlitePlatform platform) : ApiTests<SqlitePlatform>(platform);

public sealed class PostgresApiTests(PostgresPlatform platform) : ApiTests<PostgresPlatform>(platform);
