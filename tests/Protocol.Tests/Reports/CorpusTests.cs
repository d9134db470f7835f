using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Reports;

public class CorpusTests
{
    private static readonly ReportLimits Limits = new();

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_corpus_report_parses(string file)
    {
        var report = TlsReportReader.Parse(Corpus.Read(file), Limits);

        Assert.False(string.IsNullOrWhiteSpace(report.OrganizationName));
        Assert.False(string.IsNullOrWhiteSpace(report.ReportId));
        Assert.True(report.EndDatetime >= report.StartDatetime);
        Assert.NotEmpty(report.Policies);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_corpus_report_parses_after_gzip_round_trip(string file)
    {
        var json = ReportBody.ToJson(Corpus.Gzip(Corpus.Read(file)), Limits);

        Assert.Equal(Corpus.Read(file), json);
    }

    [Fact]
    public void Microsoft_datetimes_without_zone_are_read_as_utc()
    {
        var report = TlsReportReader.Parse(Corpus.Read("mta-sts-exporter/microsoft-no-tz.json"), Limits);

        Assert.Equal(TimeSpan.Zero, report.StartDatetime.Offset);
        Assert.Equal(0, report.StartDatetime.Hour);
        Assert.Contains("datetime-without-zone", report.Deviations);
    }

    [Fact]
    public void Mail_ru_summary_and_details_are_kept_as_sent()
    {
        var report = TlsReportReader.Parse(Corpus.Read("parsedmarc/mail.ru.json"), Limits);
        var policy = Assert.Single(report.Policies);

        Assert.Equal(1, policy.FailedSessions);
        Assert.Equal(2, policy.FailureDetails.Sum(d => d.FailedSessionCount));
        Assert.All(policy.FailureDetails, d => Assert.Null(d.SendingMtaIp));
        Assert.Contains("failure-count-mismatch", report.Deviations);
        Assert.Contains("policy-string-missing", report.Deviations);
    }

    [Fact]
    public void Mx_host_as_a_single_string_is_accepted()
    {
        var report = TlsReportReader.Parse(Corpus.Read("parsedmarc/rfc8460.json"), Limits);

        Assert.NotEmpty(report.Policies[0].MxHosts);
        Assert.Contains("mx-host-as-string", report.Deviations);
    }

    [Fact]
    public void Postfix_policy_without_domain_has_null_policy_domain()
    {
        var report = TlsReportReader.Parse(Corpus.Read("issues/postfix-no-policy-domain.json"), Limits);

        Assert.Null(Assert.Single(report.Policies).PolicyDomain);
        Assert.Equal("no-policy-found", report.Policies[0].PolicyType);
    }

    [Fact]
    public void Empty_failure_detail_strings_are_read_as_absent()
    {
        var report = TlsReportReader.Parse(Corpus.Read("parsedmarc/empty_failure_detail_fields.json"), Limits);

        var details = report.Policies.SelectMany(p => p.FailureDetails).ToList();
        Assert.NotEmpty(details);
        Assert.Contains("empty-string-field", report.Deviations);
    }

    [Fact]
    public void Null_contact_info_is_accepted()
    {
        var report = TlsReportReader.Parse(Corpus.Read("issues/contact-info-null.json"), Limits);

        Assert.Null(report.ContactInfo);
    }

    public static TheoryData<string> Files() => Corpus.JsonFileNames();
}
