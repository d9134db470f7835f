using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Protocol.Tests.Policies;

public class HostedPolicyTextTests
{
    [Fact]
    public void A_rendered_policy_has_crlf_lines_in_rfc_order_and_parses_back()
    {
        var text = MtaStsPolicyText.Render(MtaStsMode.Enforce, ["mx1.example.com", "*.example.net"], 604800);

        Assert.Equal("version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n", text);
        Assert.True(MtaStsPolicyParser.TryParse(text, out var policy, out var problems), string.Join(" ", problems));
        Assert.Equal(MtaStsMode.Enforce, policy!.Mode);
        Assert.Equal(["mx1.example.com", "*.example.net"], policy.Mx);
        Assert.True(policy.Covers("a.example.net"));
    }

    [Theory]
    [InlineData("MX1.Example.COM.", "mx1.example.com")]
    [InlineData(" *.Example.net ", "*.example.net")]
    [InlineData("*.bücher.example", "*.xn--bcher-kva.example")]
    public void Patterns_are_normalised(string input, string expected)
    {
        Assert.True(HostedPolicyRules.TryNormalizePattern(input, out var pattern, out var error), error);
        Assert.Equal(expected, pattern);
    }

    [Theory]
    [InlineData("*.*.example.com")]
    [InlineData("mx.*.example.com")]
    [InlineData("*example.com")]
    [InlineData("*.com")]
    [InlineData("*")]
    [InlineData("mx_1.example.com")]
    [InlineData("")]
    public void Patterns_with_a_wildcard_elsewhere_than_the_leftmost_label_or_invalid_names_are_refused(string input)
    {
        Assert.False(HostedPolicyRules.TryNormalizePattern(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Duplicates_collapse_and_bounds_hold()
    {
        Assert.True(HostedPolicyRules.TryValidate("testing", ["mx.example.com", "MX.example.com."], 86400, out var patterns, out _, out _));
        Assert.Equal(["mx.example.com"], patterns);
        Assert.False(HostedPolicyRules.TryValidate("testing", ["mx.example.com"], 86399, out _, out _, out var path));
        Assert.Equal("$.maxAge", path);
        Assert.False(HostedPolicyRules.TryValidate("testing", Enumerable.Range(0, 33).Select(i => (string?)$"mx{i}.example.com").ToList(), 86400, out _, out _, out path));
        Assert.Equal("$.mx", path);
    }

    [Fact]
    public void Policy_ids_are_valid_record_ids_and_differ()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 100).Select(_ => MtaStsPolicyIds.New(now)).ToList();

        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9]{1,32}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.True(MtaStsRecordParser.TryParse($"v=STSv1; id={ids[0]}", out var record, out var problem), problem);
        Assert.Equal(ids[0], record!.Id);
    }
}
