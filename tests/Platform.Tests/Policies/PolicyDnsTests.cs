using System.Net;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Platform.Tests.Policies;

/// <summary>The resolver against a real DNS server on loopback (UDP and TCP), configured through Dns:Servers.</summary>
public sealed class PolicyDnsTests : IAsyncLifetime
{
    private readonly TestDnsServer _server = new();
    private PolicyDns _dns = null!;

    public Task InitializeAsync()
    {
        var options = new DnsOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 1 };
        options.Servers.Add(_server.Endpoint.ToString());
        _dns = new PolicyDns(Options.Create(options));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Txt_records_come_back_with_their_strings()
    {
        _server.AddTxt("_smtp._tls.example.test", "v=TLSRPTv1; rua=mailto:", "a@example.test");
        _server.AddTxt("_smtp._tls.example.test", "v=spf1 -all");

        var answer = await _dns.TxtAsync("_smtp._tls.example.test");

        Assert.Equal(DnsOutcome.Answered, answer.Outcome);
        Assert.Contains(answer.Records, r => r.SequenceEqual(["v=TLSRPTv1; rua=mailto:", "a@example.test"]));
        Assert.Equal(2, answer.Records.Count);
    }

    [Fact]
    public async Task Mx_and_addresses_resolve()
    {
        _server.AddMx("example.test", 10, "mx1.example.test");
        _server.AddMx("example.test", 20, "mx2.example.test");
        _server.AddA("mx1.example.test", IPAddress.Parse("192.0.2.25"));

        var mx = await _dns.MxAsync("example.test");
        var addresses = await _dns.AddressesAsync("mx1.example.test");

        Assert.Equal([new MxHost(10, "mx1.example.test"), new MxHost(20, "mx2.example.test")], mx.Records.OrderBy(m => m.Preference));
        Assert.Equal(IPAddress.Parse("192.0.2.25"), Assert.Single(addresses.Records));
    }

    [Fact]
    public async Task Tlsa_records_carry_the_ad_bit()
    {
        _server.AddTlsa("_25._tcp.mx1.signed.test", 3, 1, 1, [0xAB, 0xCD]);
        _server.Set("_25._tcp.mx1.signed.test", TestDnsServer.Behaviour.Authenticated);
        _server.AddTlsa("_25._tcp.mx1.unsigned.test", 3, 1, 1, [0x01]);

        var signed = await _dns.TlsaAsync("mx1.signed.test");
        var unsigned = await _dns.TlsaAsync("mx1.unsigned.test");

        Assert.Equal("3 1 1 abcd", Assert.Single(signed.Records).ToString());
        Assert.True(signed.Authenticated);
        Assert.False(unsigned.Authenticated);
    }

    [Fact]
    public async Task Nxdomain_and_empty_answers_mean_no_records()
    {
        _server.AddA("only-a.example.test", IPAddress.Loopback);

        Assert.Equal(DnsOutcome.NoRecords, (await _dns.TxtAsync("nothing-here.example.test")).Outcome);
        Assert.Equal(DnsOutcome.NoRecords, (await _dns.TxtAsync("only-a.example.test")).Outcome);
    }

    [Fact]
    public async Task Servfail_and_timeouts_are_failures_not_missing_records()
    {
        _server.AddTxt("broken.example.test", "v=TLSRPTv1; rua=mailto:a@example.test");
        _server.Set("broken.example.test", TestDnsServer.Behaviour.ServFail);
        _server.AddTxt("silent.example.test", "v=TLSRPTv1; rua=mailto:a@example.test");
        _server.Set("silent.example.test", TestDnsServer.Behaviour.NoAnswer);

        var servfail = await _dns.TxtAsync("broken.example.test");
        var timeout = await _dns.TxtAsync("silent.example.test");

        Assert.Equal(DnsOutcome.Failed, servfail.Outcome);
        Assert.Equal(DnsOutcome.Failed, timeout.Outcome);
        Assert.False(string.IsNullOrEmpty(timeout.Error));
    }

    [Fact]
    public async Task A_truncated_udp_answer_is_retried_over_tcp()
    {
        _server.AddTxt("big.example.test", "v=STSv1; id=tcp1");
        _server.Set("big.example.test", TestDnsServer.Behaviour.TruncateUdp);

        var answer = await _dns.TxtAsync("big.example.test");

        Assert.Equal(DnsOutcome.Answered, answer.Outcome);
        Assert.Equal("v=STSv1; id=tcp1", Assert.Single(answer.Records).Single());
    }
}
