using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Mail;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Imports;

/// <summary>Bulk import of real archives through the API, against the real platform and store.</summary>
public sealed class ImportTests(SqlitePlatform platform) : IClassFixture<SqlitePlatform>
{
    private const string AllDays = "?from=1900-01-01&to=2100-01-01";

    [Fact]
    public async Task An_mbox_of_real_report_mails_is_imported_with_its_duplicate_its_stray_message_and_its_expired_report_told_apart()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync("example.com");
        var first = Corpus.Read("tlsrpt-digest/success_google_1.eml");
        var second = Corpus.Read("tlsrpt-digest/success_google_2.eml");
        var expired = Archives.Bytes(ReportMails.Report(domain, Reports.WithSessions(domain, "ancient", new DateOnly(1901, 1, 1), 5, 1), gzip: true));
        var mbox = Archives.Mbox(first, Archives.PlainMessage("Re: where do the TLS reports go?"), second, first, expired);

        var job = await tenant.ImportAsync(domain, mbox, "?fileName=reports.mbox");

        Assert.Equal("completed", (string)job["status"]!);
        Assert.Equal("mbox", (string)job["format"]!);
        Assert.Equal("reports.mbox", (string)job["fileName"]!);
        Assert.Equal(mbox.Length, (long)job["bytes"]!);
        Assert.Equal(1.0, (double)job["progress"]!);
        Assert.Equal(2, (long)job["accepted"]!);
        Assert.Equal(1, (long)job["duplicates"]!);
        Assert.Equal(2, (long)job["refused"]!);
        Assert.Equal(1, job.RefusedFor("malformed-report"));
        Assert.Equal(1, job.RefusedFor("report-outside-retention"));
        var stray = job["refusals"]!.AsArray().Single(r => (string)r!["reason"]! == "malformed-report")!["examples"]![0]!;
        Assert.StartsWith("message 2", (string)stray["item"]!, StringComparison.Ordinal);
        Assert.Contains("no TLS report", (string)stray["detail"]!, StringComparison.Ordinal);

        // Counted exactly as if the two reports had been delivered, and archived byte for byte.
        var expected = new[] { first, second }.Select(m => Json(m)).ToList();
        var contributions = expected.Select(j => ReportAggregator.Compute(TlsReportReader.Parse(j, new ReportLimits()))).ToList();
        var summary = await tenant.GetFromJsonAsync<JsonNode>($"/v1/domains/{domain}/summary{AllDays}");
        Assert.Equal(2, (long)summary!["reports"]!);
        Assert.Equal(contributions.Sum(c => c.SuccessfulSessions), (long)summary["successfulSessions"]!);
        Assert.Equal(contributions.Sum(c => c.FailedSessions), (long)summary["failedSessions"]!);
        var reports = (await tenant.GetFromJsonAsync<JsonArray>($"/v1/domains/{domain}/reports{AllDays}"))!;
        Assert.All(reports, r => Assert.Equal("import", (string)r!["channel"]!));
        var raws = new List<byte[]>();
        foreach (var report in reports)
        {
            raws.Add(await tenant.GetByteArrayAsync($"/v1/domains/{domain}/reports/{(long)report!["id"]!}/raw"));
        }

        Assert.All(expected, e => Assert.Contains(raws, r => r.AsSpan().SequenceEqual(e)));

        // An import's refusals are the job's; the rejection log stays the senders'.
        Assert.Empty((await tenant.GetFromJsonAsync<JsonArray>($"/v1/domains/{domain}/rejections"))!);
        var listed = await tenant.GetFromJsonAsync<JsonArray>($"/v1/domains/{domain}/imports");
        Assert.Equal((string)job["id"]!, (string)listed!.Single()!["id"]!);
    }

    [Fact]
    public async Task A_zip_of_json_gzip_and_eml_files_is_imported_and_what_is_not_a_report_is_refused_by_name()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();
        var one = Reports.For("mta-sts-exporter/google.json", domain, "zip-1");
        var two = Reports.For("parsedmarc/rfc8460.json", domain, "zip-2");
        var three = Reports.For("mta-sts-exporter/microsoft.json", domain, "zip-3");
        var zip = Archives.Zip(
            ("2025/google.json", one),
            ("2025/rfc8460.json.gz", Corpus.Gzip(two)),
            ("mail/microsoft.eml", Archives.Bytes(ReportMails.Report(domain, three, gzip: true))),
            ("copies/google-again.json", one),
            ("README.txt", "exported from our old tool"u8.ToArray()),
            ("mail/note.eml", Archives.PlainMessage("no report here")),
            ("__MACOSX/2025/._google.json", [0, 5, 22, 7]),
            ("2025/", []));

        var job = await tenant.ImportAsync(domain, zip);

        Assert.Equal("completed", (string)job["status"]!);
        Assert.Equal("zip", (string)job["format"]!);
        Assert.Equal(3, (long)job["accepted"]!);
        Assert.Equal(1, (long)job["duplicates"]!);
        Assert.Equal(2, (long)job["refused"]!);
        var examples = job["refusals"]!.AsArray().SelectMany(r => r!["examples"]!.AsArray()).Select(e => (string)e!["item"]!).Order(StringComparer.Ordinal);
        Assert.Equal(["README.txt", "mail/note.eml"], examples);
        var summary = await tenant.GetFromJsonAsync<JsonNode>($"/v1/domains/{domain}/summary{AllDays}");
        Assert.Equal(3, (long)summary!["reports"]!);

        // Importing the same archive again changes nothing: every report is a duplicate.
        var again = await tenant.ImportAsync(domain, zip);
        Assert.Equal(0, (long)again["accepted"]!);
        Assert.Equal(4, (long)again["duplicates"]!);
        Assert.Equal(3, (long)(await tenant.GetFromJsonAsync<JsonNode>($"/v1/domains/{domain}/summary{AllDays}"))!["reports"]!);
    }

    [Fact]
    public async Task One_report_one_gzip_and_one_eml_are_archives_too()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();

        var json = await tenant.ImportAsync(domain, Reports.For("mta-sts-exporter/google.json", domain, "single-1"));
        var gzip = await tenant.ImportAsync(domain, Corpus.Gzip(Reports.For("mta-sts-exporter/google.json", domain, "single-2")));
        var eml = await tenant.ImportAsync(domain, Archives.Bytes(ReportMails.Report(domain, Reports.For("parsedmarc/rfc8460.json", domain, "single-3"), gzip: false)));

        Assert.Equal(["report", "report", "eml"], new[] { json, gzip, eml }.Select(j => (string)j["format"]!));
        Assert.All(new[] { json, gzip, eml }, j => Assert.Equal(1, (long)j["accepted"]!));
    }

    [Fact]
    public async Task A_zip_bomb_entry_and_a_report_about_another_domain_are_refused_and_the_rest_imported()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();
        // 60 MiB of spaces deflate to about 60 KiB; the entry is read only up to the 50 MiB report limit.
        var bomb = new byte[60 * 1024 * 1024];
        Array.Fill(bomb, (byte)' ');
        var zip = Archives.Zip(
            ("bomb.json", bomb),
            ("other.json", Reports.For("mta-sts-exporter/google.json", "other.example", "other-1")),
            ("good.json", Reports.For("mta-sts-exporter/google.json", domain, "good-1")));

        var job = await tenant.ImportAsync(domain, zip);

        Assert.Equal(1, (long)job["accepted"]!);
        Assert.Equal(1, job.RefusedFor("report-too-large"));
        Assert.Equal(1, job.RefusedFor("policy-domain-mismatch"));
    }

    [Fact]
    public async Task A_corrupt_zip_fails_the_job_with_a_reason_and_changes_nothing()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();
        var zip = Archives.Zip(("a.json", Reports.For("mta-sts-exporter/google.json", domain, "corrupt-1")));
        var broken = zip[..^30];

        var job = await tenant.ImportAsync(domain, broken);

        Assert.Equal("failed", (string)job["status"]!);
        Assert.Contains("zip", (string)job["error"]!, StringComparison.Ordinal);
        Assert.Equal(0, (long)(await tenant.GetFromJsonAsync<JsonNode>($"/v1/domains/{domain}/summary{AllDays}"))!["reports"]!);
    }

    [Fact]
    public async Task Tenants_cannot_import_into_or_follow_each_others_imports()
    {
        using var owner = await platform.NewTenantAsync("Owner");
        using var stranger = await platform.NewTenantAsync("Stranger");
        var (domain, _) = await owner.RegisterDomainAsync();
        var job = await owner.ImportAsync(domain, Reports.For("mta-sts-exporter/google.json", domain, "private-1"));

        using var upload = await stranger.UploadAsync(domain, Reports.For("mta-sts-exporter/google.json", domain, "stranger-1"));
        using var follow = await stranger.GetAsync($"/v1/imports/{(string)job["id"]!}");
        using var list = await stranger.GetAsync($"/v1/domains/{domain}/imports");
        using var anonymous = new HttpClient { BaseAddress = platform.BaseUrl };
        using var noKey = await anonymous.GetAsync($"/v1/imports/{(string)job["id"]!}");

        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, follow.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(1, (long)(await owner.GetFromJsonAsync<JsonNode>($"/v1/domains/{domain}/summary{AllDays}"))!["reports"]!);
    }

    [Fact]
    public async Task An_unknown_format_name_is_a_clear_400()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();

        using var response = await tenant.UploadAsync(domain, "{}"u8.ToArray(), "?format=rar");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("mbox, zip, report, eml", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static byte[] Json(byte[] eml)
    {
        using var message = MimeMessage.Load(new MemoryStream(eml));
        return ReportMail.Extract(message, new ReportLimits()).Single();
    }
}
