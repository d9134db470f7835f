using System.Text;
using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Protocol.Tests.Policies;

public class MtaStsTests
{
    [Theory]
    [InlineData("v=STSv1; id=20240101T000000;", "20240101T000000")]
    [InlineData("v=STSv1;id=abc123", "abc123")]
    [InlineData("v=STSv1; id=x; ext=1", "x")]
    public void Valid_txt_records_yield_the_policy_id(string text, string id)
    {
        var lookup = MtaStsRecordParser.Evaluate([[text]]);

        Assert.Equal(RecordStatus.Valid, lookup.Status);
        Assert.Equal(id, lookup.Record!.Id);
    }

    [Theory]
    [InlineData("v=STSv1;")]
    [InlineData("v=STSv1; id=has-dash")]
    [InlineData("v=STSv1; id=123456789012345678901234567890123")]
    [InlineData("v=STSv1; id=")]
    public void Invalid_txt_records_say_why(string text)
    {
        var lookup = MtaStsRecordParser.Evaluate([[text]]);

        Assert.Equal(RecordStatus.Invalid, lookup.Status);
        Assert.NotEmpty(lookup.Problems);
    }

    [Fact]
    public void Several_sts_records_mean_no_policy()
    {
        Assert.Equal(RecordStatus.Invalid, MtaStsRecordParser.Evaluate([["v=STSv1; id=a"], ["v=STSv1; id=b"]]).Status);
        Assert.Equal(RecordStatus.Missing, MtaStsRecordParser.Evaluate([["v=spf1 -all"]]).Status);
    }

    [Fact]
    public void A_policy_with_crlf_lines_parses()
    {
        var body = Encoding.UTF8.GetBytes("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n");

        Assert.True(MtaStsPolicyParser.TryParse(body, out var policy, out var problems), string.Join("; ", problems));
        Assert.Equal(MtaStsMode.Enforce, policy!.Mode);
        Assert.Equal(["mail.example.com", "*.example.net"], policy.Mx);
        Assert.Equal(TimeSpan.FromDays(7), policy.MaxAge);
    }

    [Fact]
    public void Lf_lines_and_unknown_keys_are_accepted()
    {
        Assert.True(MtaStsPolicyParser.TryParse("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\nfuture_key: x\n", out var policy, out _));
        Assert.Equal(MtaStsMode.Testing, policy!.Mode);
    }

    [Fact]
    public void Mode_none_needs_no_mx()
    {
        Assert.True(MtaStsPolicyParser.TryParse("version: STSv1\nmode: none\nmax_age: 86400\n", out var policy, out _));
        Assert.Equal(MtaStsMode.None, policy!.Mode);
    }

    [Theory]
    [InlineData("mode: enforce\nversion: STSv1\nmx: a.example.com\nmax_age: 1\n", "first line")]
    [InlineData("version: STSv1\nmode: strict\nmx: a.example.com\nmax_age: 1\n", "mode must be")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 31557601\n", "max_age")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: -5\n", "max_age")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 86400\n", "no mx")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example.com\n", "no max_age")]
    [InlineData("version: STSv1\nmode: enforce\nmode: testing\nmx: a.example.com\nmax_age: 1\n", "2 mode lines")]
    [InlineData("version: STSv1\nmode: enforce\nmx: bad_host!\nmax_age: 1\n", "not a host name")]
    public void Invalid_policies_say_why(string text, string expected)
    {
        Assert.False(MtaStsPolicyParser.TryParse(text, out var policy, out var problems));
        Assert.Null(policy);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Oversized_or_non_utf8_bodies_are_refused()
    {
        Assert.False(MtaStsPolicyParser.TryParse(new byte[MtaStsPolicyParser.MaxBytes + 1], out _, out _));
        Assert.False(MtaStsPolicyParser.TryParse(new byte[] { 0x76, 0xC3, 0x28 }, out _, out var problems));
        Assert.Contains("UTF-8", problems.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mail.example.com", "MAIL.example.com.", true)]
    [InlineData("*.example.com", "mx1.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", "mx1.example.org", false)]
    [InlineData("mail.example.com", "mail2.example.com", false)]
    public void Mx_patterns_match_one_left_most_label(string pattern, string host, bool matches)
    {
        Assert.Equal(matches, MxPattern.Matches(pattern, host));
    }

    [Fact]
    public void A_policy_says_which_mx_hosts_it_covers()
    {
        var policy = new MtaStsPolicy(MtaStsMode.Enforce, ["*.example.com"], TimeSpan.FromDays(1));

        Assert.True(policy.Covers("mx1.example.com"));
        Assert.False(policy.Covers("mx.other.net"));
    }
}
