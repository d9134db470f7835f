using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Platform.Tests.Api;

public class ReportAddressesTests
{
    private static readonly DomainInfo Domain = new("example.com", "t1", "abc234", DateTimeOffset.UnixEpoch, false);

    [Fact]
    public void The_suggested_record_lists_the_https_address_only_when_the_public_url_is_https()
    {
        var overHttp = Describe("http://localhost:8080");
        var overHttps = Describe("https://tlsrpt.example.net");

        Assert.Equal("v=TLSRPTv1; rua=mailto:abc234@reports.example.net", overHttp.TlsRptRecord);
        Assert.Equal("v=TLSRPTv1; rua=mailto:abc234@reports.example.net,https://tlsrpt.example.net/v1/reports/abc234", overHttps.TlsRptRecord);
    }

    private static DomainResponse Describe(string baseUrl) =>
        new ReportAddresses(
                Options.Create(new PlatformOptions { PublicBaseUrl = new Uri(baseUrl) }),
                Options.Create(new SmtpOptions { ReportDomain = "reports.example.net" }))
            .Describe(Domain);
}
