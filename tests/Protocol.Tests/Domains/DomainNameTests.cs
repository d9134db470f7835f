using TlsRptPlatform.Protocol.Domains;

namespace TlsRptPlatform.Protocol.Tests.Domains;

public class DomainNameTests
{
    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("  mail.example.org ", "mail.example.org")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    public void Names_are_normalised_to_lower_case_a_labels(string input, string expected)
    {
        Assert.True(DomainName.TryNormalize(input, out var normalized, out _));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("com")]
    [InlineData("exa mple.com")]
    [InlineData("-bad.example")]
    [InlineData("under_score.example")]
    [InlineData("a..b")]
    [InlineData("http://example.com")]
    public void Invalid_names_are_refused_with_a_reason(string input)
    {
        Assert.False(DomainName.TryNormalize(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Overlong_names_are_refused()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 60), 5));

        Assert.False(DomainName.TryNormalize(name, out _, out _));
    }

    [Fact]
    public void Same_domain_ignores_case_and_trailing_dot()
    {
        Assert.True(DomainName.SameDomain("EXAMPLE.com.", "example.com"));
        Assert.False(DomainName.SameDomain("other.com", "example.com"));
    }
}
