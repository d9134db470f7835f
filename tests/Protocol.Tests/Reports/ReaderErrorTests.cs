using System.Text;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Reports;

public class ReaderErrorTests
{
    private static readonly ReportLimits Limits = new();

    private const string Valid = """
        {"organization-name":"Org","date-range":{"start-datetime":"2024-01-01T00:00:00Z","end-datetime":"2024-01-01T23:59:59Z"},
         "contact-info":"a@b.c","report-id":"r1",
         "policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com"},
                      "summary":{"total-successful-session-count":5,"total-failure-session-count":1},
                      "failure-details":[{"result-type":"certificate-expired","failed-session-count":1}]}]}
        """;

    [Fact]
    public void The_valid_sample_parses()
    {
        var report = TlsReportReader.Parse(Encoding.UTF8.GetBytes(Valid), Limits);

        Assert.Equal(5, report.Policies[0].SuccessfulSessions);
        Assert.Equal(new DateOnly(2024, 1, 1), report.Day);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"organization-name\":")]
    [InlineData("")]
    public void Not_json_is_malformed(string body)
    {
        var ex = Assert.Throws<ReportFormatException>(() => TlsReportReader.Parse(Encoding.UTF8.GetBytes(body), Limits));

        Assert.Equal(ReportErrorKind.Malformed, ex.Kind);
    }

    [Fact]
    public void Invalid_utf8_is_malformed()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid.Replace("Org", "O\u00e9g", StringComparison.Ordinal));
        var index = Array.IndexOf(bytes, (byte)0xC3);
        bytes[index + 1] = 0x28; // breaks the two-byte sequence

        var ex = Assert.Throws<ReportFormatException>(() => TlsReportReader.Parse(bytes, Limits));

        Assert.Equal(ReportErrorKind.Malformed, ex.Kind);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var deep = Valid.Replace("\"a@b.c\"", new string('[', 70) + new string(']', 70), StringComparison.Ordinal);

        var ex = Assert.Throws<ReportFormatException>(() => TlsReportReader.Parse(Encoding.UTF8.GetBytes(deep), Limits));

        Assert.Equal(ReportErrorKind.Malformed, ex.Kind);
    }

    [Theory]
    [InlineData("\"total-failure-session-count\":1", "\"total-failure-session-count\":-1", "$.policies[0].summary.total-failure-session-count")]
    [InlineData("\"total-failure-session-count\":1", "\"total-failure-session-count\":\"1\"", "$.policies[0].summary.total-failure-session-count")]
    [InlineData("\"total-failure-session-count\":1", "\"total-failure-session-count\":1.5", "$.policies[0].summary.total-failure-session-count")]
    [InlineData("\"end-datetime\":\"2024-01-01T23:59:59Z\"", "\"end-datetime\":\"2023-12-31T00:00:00Z\"", "$.date-range.end-datetime")]
    [InlineData("\"start-datetime\":\"2024-01-01T00:00:00Z\"", "\"start-datetime\":\"yesterday\"", "$.date-range.start-datetime")]
    [InlineData("\"organization-name\":\"Org\",", "", "$.organization-name")]
    [InlineData("\"report-id\":\"r1\"", "\"report-id\":\"\"", "$.report-id")]
    [InlineData("\"result-type\":\"certificate-expired\",", "", "$.policies[0].failure-details[0].result-type")]
    [InlineData("\"policy-type\":\"sts\"", "\"policy-type\":7", "$.policies[0].policy.policy-type")]
    public void Invalid_reports_name_the_offending_field(string find, string replace, string path)
    {
        var body = Valid.Replace(find, replace, StringComparison.Ordinal);

        var ex = Assert.Throws<ReportFormatException>(() => TlsReportReader.Parse(Encoding.UTF8.GetBytes(body), Limits));

        Assert.Equal(ReportErrorKind.Invalid, ex.Kind);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Counts_beyond_32_bits_are_kept()
    {
        var body = Valid.Replace("\"total-successful-session-count\":5", "\"total-successful-session-count\":8589934592", StringComparison.Ordinal);

        var report = TlsReportReader.Parse(Encoding.UTF8.GetBytes(body), Limits);

        Assert.Equal(8_589_934_592L, report.Policies[0].SuccessfulSessions);
    }

    [Fact]
    public void Unknown_fields_and_result_types_are_kept()
    {
        var body = Valid.Replace("\"certificate-expired\"", "\"quantum-failure\",\"x-extra\":{\"a\":[1,2]}", StringComparison.Ordinal);

        var report = TlsReportReader.Parse(Encoding.UTF8.GetBytes(body), Limits);

        Assert.Equal("quantum-failure", report.Policies[0].FailureDetails[0].ResultType);
    }

    [Fact]
    public void More_policies_than_the_limit_are_too_large()
    {
        var limits = new ReportLimits { MaxPolicies = 2 };
        var policy = Valid[(Valid.IndexOf("[{", StringComparison.Ordinal) + 1)..Valid.LastIndexOf("]}", StringComparison.Ordinal)];
        var body = Valid.Replace(policy, string.Join(',', Enumerable.Repeat(policy, 3)), StringComparison.Ordinal);

        var ex = Assert.Throws<ReportFormatException>(() => TlsReportReader.Parse(Encoding.UTF8.GetBytes(body), limits));

        Assert.Equal(ReportErrorKind.TooLarge, ex.Kind);
        Assert.Equal("$.policies", ex.Path);
    }

    [Fact]
    public void More_failure_details_than_the_limit_are_too_large()
    {
        var limits = new ReportLimits { MaxFailureDetails = 3 };
        const string detail = "{\"result-type\":\"certificate-expired\",\"failed-session-count\":1}";
        var body = Valid.Replace(detail, string.Join(',', Enumerable.Repeat(detail, 4)), StringComparison.Ordinal);

        var ex = Assert.Throws<ReportFormatException>(() => TlsReportReader.Parse(Encoding.UTF8.GetBytes(body), limits));

        Assert.Equal(ReportErrorKind.TooLarge, ex.Kind);
    }
}
