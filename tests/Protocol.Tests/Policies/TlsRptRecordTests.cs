using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Protocol.Tests.Policies;

public class TlsRptRecordTests
{
    [Theory]
    [InlineData("v=TLSRPTv1; rua=mailto:reports@example.com", 1)]
    [InlineData("v=TLSRPTv1;rua=mailto:a@example.com,https://tlsrpt.example.net/v1/reports/abc;", 2)]
    [InlineData("v=TLSRPTv1 ;  rua=https://r.example.net/x , mailto:b@example.org ; ext=ignored", 2)]
    public void Valid_records_yield_their_report_addresses(string text, int count)
    {
        var lookup = TlsRptRecordParser.Evaluate([[text]]);

        Assert.Equal(RecordStatus.Valid, lookup.Status);
        Assert.Equal(count, lookup.Record!.Rua.Count);
        Assert.Empty(lookup.Problems);
    }

    [Fact]
    public void The_strings_of_one_txt_record_are_joined_without_a_separator()
    {
        var lookup = TlsRptRecordParser.Evaluate([["v=TLSRPTv1; rua=mailto:rep", "orts@example.com"]]);

        Assert.Equal("mailto:reports@example.com", lookup.Record!.Rua.Single().OriginalString);
    }

    [Fact]
    public void Records_of_other_kinds_are_ignored_and_none_means_missing()
    {
        var lookup = TlsRptRecordParser.Evaluate([["v=spf1 -all"], ["google-site-verification=abc"]]);

        Assert.Equal(RecordStatus.Missing, lookup.Status);
    }

    [Fact]
    public void Two_tlsrpt_records_make_the_policy_invalid()
    {
        var lookup = TlsRptRecordParser.Evaluate([["v=TLSRPTv1; rua=mailto:a@example.com"], ["v=TLSRPTv1; rua=mailto:b@example.com"]]);

        Assert.Equal(RecordStatus.Invalid, lookup.Status);
        Assert.Contains("2 TXT records", lookup.Problems.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=TLSRPTv1")]
    [InlineData("v=TLSRPTv1; rua=ftp://example.com/reports")]
    [InlineData("v=TLSRPTv1; rua=http://example.com/reports")]
    [InlineData("v=TLSRPTv1; rua=mailto:nobody")]
    [InlineData("v=TLSRPTv1; rua=not a uri")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com")]
    [InlineData("v=TLSRPTv1; garbage")]
    public void Invalid_records_say_why(string text)
    {
        var lookup = TlsRptRecordParser.Evaluate([[text]]);

        Assert.Equal(RecordStatus.Invalid, lookup.Status);
        Assert.False(string.IsNullOrWhiteSpace(lookup.Problems.Single()));
    }

    [Fact]
    public void The_version_is_case_sensitive()
    {
        Assert.Equal(RecordStatus.Missing, TlsRptRecordParser.Evaluate([["v=tlsrptv1; rua=mailto:a@example.com"]]).Status);
    }
}
