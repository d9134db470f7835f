using System.Net;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Platform.Tests.Policies;

/// <summary>Whole checks against the test DNS server and HTTPS server: every finding comes from real answers.</summary>
public sealed class PolicyCheckerTests : IAsyncLifetime
{
    private const string Mailto = "mailto:tok@reports.example.net";
    private const string Https = "https://tlsrpt.example.net/v1/reports/tok";
    private const string GoodPolicy = "version: STSv1\r\nmode: enforce\r\nmx: *.{0}\r\nmax_age: 604800\r\n";
    private readonly TestDnsServer _dns = new();
    private readonly TestPolicyServer _https = new();
    private MtaStsPolicyFetcher _fetcher = null!;
    private PolicyChecker _checker = null!;

    public async Task InitializeAsync()
    {
        await _https.StartAsync();
        var dnsOptions = new DnsOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 1 };
        dnsOptions.Servers.Add(_dns.Endpoint.ToString());
        var dns = new PolicyDns(Options.Create(dnsOptions));
        _fetcher = new MtaStsPolicyFetcher(dns, Options.Create(new MtaStsOptions { PolicyPort = _https.Port, AdditionalTrustedRoots = _https.CaPemFile }));
        _checker = new PolicyChecker(dns, _fetcher, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _https.DisposeAsync();
        await _dns.DisposeAsync();
    }

    [Fact]
    public async Task A_well_configured_domain_has_no_findings()
    {
        var domain = WellConfigured();

        var snapshot = await Check(domain);

        Assert.Empty(snapshot.Findings);
        Assert.Equal("valid", snapshot.TlsRpt.Status);
        Assert.True(snapshot.TlsRpt.PointsHere);
        Assert.Equal("valid", snapshot.MtaSts.Status);
        Assert.Equal("enforce", snapshot.MtaSts.Mode);
        Assert.Equal("valid", snapshot.MtaSts.PolicyFetch);
        Assert.Equal(604800, snapshot.MtaSts.MaxAge);
        var mx = Assert.Single(snapshot.Mx);
        Assert.True(mx.MatchesMtaSts);
        Assert.True(mx.TlsaAuthenticated);
        Assert.Single(mx.Tlsa);
    }

    [Fact]
    public async Task Missing_records_are_reported_with_fixes()
    {
        var domain = $"bare{Guid.NewGuid():N}.test";
        _dns.AddA(domain, IPAddress.Loopback);

        var snapshot = await Check(domain);

        Assert.Equal(["mtasts-missing", "mx-missing", "tlsrpt-missing"], Codes(snapshot));
        Assert.Contains(Mailto, snapshot.Findings.Single(f => f.Code == "tlsrpt-missing").Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_policies_are_found()
    {
        var domain = $"broken{Guid.NewGuid():N}.test";
        _dns.AddTxt($"_smtp._tls.{domain}", "v=TLSRPTv1; rua=mailto:someone@elsewhere.test");
        _dns.AddTxt($"_mta-sts.{domain}", "v=STSv1; id=1");
        _dns.AddA($"mta-sts.{domain}", IPAddress.Loopback);
        _https.Serve(domain, "version: STSv1\r\nmode: testing\r\nmx: mx1.other.test\r\nmax_age: 3600\r\n");
        _dns.AddMx(domain, 10, $"mx1.{domain}");
        _dns.AddTlsa($"_25._tcp.mx1.{domain}", 3, 1, 1, [0xAA]);

        var snapshot = await Check(domain);

        Assert.Equal(["dane-tlsa-without-dnssec", "mtasts-max-age-short", "mtasts-mode-testing", "mtasts-mx-not-covered", "tlsrpt-not-here"], Codes(snapshot));
        Assert.Equal(FindingSeverity.Warning, snapshot.Findings.Single(f => f.Code == "mtasts-mx-not-covered").Severity);
    }

    [Fact]
    public async Task A_txt_record_without_a_reachable_policy_and_the_reverse()
    {
        var announced = $"announced{Guid.NewGuid():N}.test";
        _dns.AddTxt($"_mta-sts.{announced}", "v=STSv1; id=1");
        _dns.AddTxt($"_smtp._tls.{announced}", $"v=TLSRPTv1; rua={Mailto}");
        var unannounced = $"unannounced{Guid.NewGuid():N}.test";
        _dns.AddA($"mta-sts.{unannounced}", IPAddress.Loopback);
        _https.Serve(unannounced, string.Format(System.Globalization.CultureInfo.InvariantCulture, GoodPolicy, unannounced));

        var withoutPolicy = await Check(announced);
        var withoutTxt = await Check(unannounced);

        Assert.Contains("mtasts-policy-unreachable", Codes(withoutPolicy));
        Assert.Equal("invalid", withoutPolicy.MtaSts.Status);
        Assert.Contains("mtasts-policy-without-txt", Codes(withoutTxt));
    }

    [Fact]
    public async Task A_bad_certificate_and_several_records_are_errors()
    {
        var domain = $"cert{Guid.NewGuid():N}.test";
        _dns.AddTxt($"_mta-sts.{domain}", "v=STSv1; id=1");
        _dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua={Mailto}");
        _dns.AddTxt($"_smtp._tls.{domain}", "v=TLSRPTv1; rua=mailto:other@example.test");
        _dns.AddA($"mta-sts.{domain}", IPAddress.Loopback);
        _https.Serve(domain, "irrelevant", certificate: TestPolicyServer.CertificateKind.WrongName);

        var snapshot = await Check(domain);

        Assert.Contains("mtasts-policy-bad-certificate", Codes(snapshot));
        Assert.Contains("tlsrpt-multiple", Codes(snapshot));
        Assert.All(snapshot.Findings.Where(f => f.Code is "tlsrpt-multiple" or "mtasts-policy-bad-certificate"), f => Assert.Equal(FindingSeverity.Error, f.Severity));
    }

    [Fact]
    public async Task A_failed_lookup_makes_the_part_unknown_not_missing()
    {
        var domain = WellConfigured();
        _dns.Set($"_smtp._tls.{domain}", TestDnsServer.Behaviour.ServFail);

        var snapshot = await Check(domain);

        Assert.Equal("unknown", snapshot.TlsRpt.Status);
        Assert.DoesNotContain("tlsrpt-missing", Codes(snapshot));
        Assert.Contains("dns-lookup-failed", Codes(snapshot));
        Assert.NotEmpty(snapshot.Errors);
    }

    [Theory]
    [InlineData("v=TLSRPTv1; rua=ftp://x.test/r", "v=STSv1; id=1", "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n", 200, "text/plain", "tlsrpt-invalid", "mtasts-mode-none")]
    [InlineData("v=TLSRPTv1; rua=" + Mailto, "v=STSv1; id=not-alnum!", "unused", 200, "text/plain", "mtasts-txt-invalid", null)]
    [InlineData("v=TLSRPTv1; rua=" + Mailto, "v=STSv1; id=1", "missing", 404, "text/plain", "mtasts-policy-bad-status", null)]
    [InlineData("v=TLSRPTv1; rua=" + Mailto, "v=STSv1; id=1", "<html/>", 200, "text/html", "mtasts-policy-bad-content-type", null)]
    [InlineData("v=TLSRPTv1; rua=" + Mailto, "v=STSv1; id=1", "version: STSv1\r\nmode: maybe\r\n", 200, "text/plain", "mtasts-policy-invalid", null)]
    public async Task Each_kind_of_broken_record_or_policy_has_its_finding(
        string tlsRpt, string sts, string policy, int status, string contentType, string expected, string? alsoExpected)
    {
        var domain = $"f{Guid.NewGuid():N}.test";
        _dns.AddTxt($"_smtp._tls.{domain}", tlsRpt);
        _dns.AddTxt($"_mta-sts.{domain}", sts);
        _dns.AddA($"mta-sts.{domain}", IPAddress.Loopback);
        _dns.AddMx(domain, 10, $"mx.{domain}");
        _https.Serve(domain, policy, status, contentType);

        var codes = Codes(await Check(domain));

        Assert.Contains(expected, codes);
        if (alsoExpected is not null)
        {
            Assert.Contains(alsoExpected, codes);
        }
    }

    private Task<PolicySnapshot> Check(string domain) => _checker.CheckAsync(domain, [Mailto, Https]);

    private static List<string> Codes(PolicySnapshot snapshot) => snapshot.Findings.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal).ToList();

    private string WellConfigured()
    {
        var domain = $"good{Guid.NewGuid():N}.test";
        _dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua={Mailto},{Https}");
        _dns.AddTxt($"_mta-sts.{domain}", "v=STSv1; id=20261129");
        _dns.AddA($"mta-sts.{domain}", IPAddress.Loopback);
        _https.Serve(domain, string.Format(System.Globalization.CultureInfo.InvariantCulture, GoodPolicy, domain));
        _dns.AddMx(domain, 10, $"mx1.{domain}");
        _dns.AddTlsa($"_25._tcp.mx1.{domain}", 3, 1, 1, [0x12, 0x34]);
        _dns.Set($"_25._tcp.mx1.{domain}", TestDnsServer.Behaviour.Authenticated);
        return domain;
    }
}
