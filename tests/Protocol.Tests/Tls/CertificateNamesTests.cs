using TlsRptPlatform.Protocol.Tls;

namespace TlsRptPlatform.Protocol.Tests.Tls;

public class CertificateNamesTests
{
    [Theory]
    [InlineData("mx.example.com", "mx.example.com", true)]
    [InlineData("MX.Example.com.", "mx.example.com", true)]
    [InlineData("mx.example.com", "*.example.com", true)]
    [InlineData("example.com", "*.example.com", false)]
    [InlineData("a.mx.example.com", "*.example.com", false)]
    [InlineData("mx.example.com", "m*.example.com", false)]
    [InlineData("example.com", "*.com", false)]
    [InlineData("mx.example.com", "mx.example.net", false)]
    public void Dns_names_match_with_whole_label_wildcards(string host, string presented, bool matches)
    {
        Assert.Equal(matches, CertificateNames.Matches(host, [presented], commonName: null));
    }

    [Fact]
    public void The_common_name_counts_only_without_dns_names()
    {
        Assert.True(CertificateNames.Matches("mx.example.com", [], "mx.example.com"));
        Assert.False(CertificateNames.Matches("mx.example.com", ["other.example.com"], "mx.example.com"));
        Assert.False(CertificateNames.Matches("mx.example.com", [], null));
    }
}
