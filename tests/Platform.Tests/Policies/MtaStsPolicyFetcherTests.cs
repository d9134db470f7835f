using System.Net;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Platform.Tests.Policies;

/// <summary>Policy fetches against a real HTTPS server with a test CA; the host is found through the test DNS server.</summary>
public sealed class MtaStsPolicyFetcherTests : IAsyncLifetime
{
    private const string Policy = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmax_age: 604800\r\n";
    private readonly TestDnsServer _dns = new();
    private readonly TestPolicyServer _https = new();
    private MtaStsPolicyFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        await _https.StartAsync();
        var dnsOptions = new DnsOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 1 };
        dnsOptions.Servers.Add(_dns.Endpoint.ToString());
        _fetcher = new MtaStsPolicyFetcher(
            new PolicyDns(Options.Create(dnsOptions)),
            Options.Create(new MtaStsOptions { PolicyPort = _https.Port, AdditionalTrustedRoots = _https.CaPemFile, Timeout = TimeSpan.FromSeconds(5) }));
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _https.DisposeAsync();
        await _dns.DisposeAsync();
    }

    [Fact]
    public async Task A_valid_policy_is_fetched_and_parsed()
    {
        var domain = Host();
        _https.Serve(domain, Policy);

        var fetch = await _fetcher.FetchAsync(domain);

        Assert.Equal(PolicyFetchOutcome.Valid, fetch.Outcome);
        Assert.Equal(MtaStsMode.Enforce, fetch.Policy!.Mode);
        Assert.True(fetch.Policy.Covers("mx1.example.test"));
    }

    [Fact]
    public async Task A_policy_host_that_does_not_answer_in_time_is_a_timeout()
    {
        var domain = Host();
        _https.Serve(domain, Policy, delay: TimeSpan.FromSeconds(10));
        var dnsOptions = new DnsOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 1 };
        dnsOptions.Servers.Add(_dns.Endpoint.ToString());
        using var impatient = new MtaStsPolicyFetcher(
            new PolicyDns(Options.Create(dnsOptions)),
            Options.Create(new MtaStsOptions { PolicyPort = _https.Port, AdditionalTrustedRoots = _https.CaPemFile, Timeout = TimeSpan.FromSeconds(1) }));

        var fetch = await impatient.FetchAsync(domain);

        Assert.Equal(PolicyFetchOutcome.Timeout, fetch.Outcome);
        Assert.Contains("did not answer within 1 s", fetch.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestPolicyServer.CertificateKind.WrongName)]
    [InlineData(TestPolicyServer.CertificateKind.UntrustedIssuer)]
    public async Task A_bad_certificate_is_refused(TestPolicyServer.CertificateKind certificate)
    {
        var domain = Host();
        _https.Serve(domain, Policy, certificate: certificate);

        var fetch = await _fetcher.FetchAsync(domain);

        Assert.Equal(PolicyFetchOutcome.BadCertificate, fetch.Outcome);
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        var domain = Host();
        _https.Serve(domain, string.Empty, status: 302, location: "https://elsewhere.test/.well-known/mta-sts.txt");

        var fetch = await _fetcher.FetchAsync(domain);

        Assert.Equal(PolicyFetchOutcome.BadStatus, fetch.Outcome);
        Assert.Contains("302", fetch.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "text/plain", Policy, PolicyFetchOutcome.BadStatus)]
    [InlineData(200, "text/html", Policy, PolicyFetchOutcome.BadContentType)]
    [InlineData(200, "text/plain", "version: STSv1\r\nmode: sometimes\r\n", PolicyFetchOutcome.Invalid)]
    public async Task Wrong_answers_are_classified(int status, string contentType, string body, PolicyFetchOutcome expected)
    {
        var domain = Host();
        _https.Serve(domain, body, status, contentType);

        Assert.Equal(expected, (await _fetcher.FetchAsync(domain)).Outcome);
    }

    [Fact]
    public async Task Bodies_over_64_KiB_are_refused()
    {
        var domain = Host();
        _https.Serve(domain, Policy + new string('#', MtaStsPolicyParser.MaxBytes));

        Assert.Equal(PolicyFetchOutcome.TooLarge, (await _fetcher.FetchAsync(domain)).Outcome);
    }

    [Fact]
    public async Task A_policy_host_without_an_address_is_unreachable()
    {
        var fetch = await _fetcher.FetchAsync("no-policy-host.test");

        Assert.Equal(PolicyFetchOutcome.Unreachable, fetch.Outcome);
    }

    private string Host()
    {
        var domain = $"d{Guid.NewGuid():N}.test";
        _dns.AddA($"mta-sts.{domain}", IPAddress.Loopback);
        return domain;
    }
}
