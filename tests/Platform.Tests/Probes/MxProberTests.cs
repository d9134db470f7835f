using System.Net;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Dns;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Grains.Probes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Probes;

/// <summary>The prober service alone, against the real test DNS and STARTTLS servers.</summary>
public sealed class MxProberTests : IAsyncLifetime
{
    private readonly TestDnsServer _dns = new();
    private readonly TestMxServer _mx = new();

    [Fact]
    public async Task Internal_addresses_are_not_probed_unless_allowed()
    {
        _dns.AddA("mx.internal.test", IPAddress.Loopback);
        _mx.Present("mx.internal.test", _mx.Authority.Issue("mx.internal.test"));
        using var strict = Prober(allowPrivate: false);
        using var open = Prober(allowPrivate: true);

        var refused = (await strict.ProbeAsync([Mx("mx.internal.test")]))["mx.internal.test"].Addresses.Single();
        var connectionsBefore = _mx.Connections;
        var probed = (await open.ProbeAsync([Mx("mx.internal.test")]))["mx.internal.test"].Addresses.Single();

        Assert.False(refused.Reachable);
        Assert.Contains("internal address", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, connectionsBefore);
        Assert.Equal("TLSv1.3", probed.TlsVersion);
    }

    [Fact]
    public async Task Hosts_per_domain_are_capped_and_a_host_without_address_says_so()
    {
        var hosts = Enumerable.Range(0, 12).Select(i => Mx($"mx{i}.capped.test")).ToList();
        using var prober = Prober(allowPrivate: true);

        var probes = await prober.ProbeAsync(hosts);

        Assert.Equal(hosts.Take(10).Select(h => h.Host), probes.Keys.Order(StringComparer.Ordinal).OrderBy(k => k.Length));
        Assert.All(probes, p => Assert.Equal($"{p.Key} has no A or AAAA record.", p.Value.Error));
    }

    [Fact]
    public async Task A_server_that_never_greets_is_cut_off_at_the_step_time_out_and_a_domain_at_its_budget()
    {
        _dns.AddA("mx.silent.test", IPAddress.Loopback);
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var stepLimited = Prober(allowPrivate: true, port, timeout: TimeSpan.FromSeconds(1), maxDuration: TimeSpan.FromMinutes(1));
        using var budgetLimited = Prober(allowPrivate: true, port, timeout: TimeSpan.FromMinutes(1), maxDuration: TimeSpan.FromSeconds(1));

        var cutOff = (await stepLimited.ProbeAsync([Mx("mx.silent.test")]))["mx.silent.test"].Addresses.Single();
        var overBudget = await budgetLimited.ProbeAsync([Mx("mx.silent.test")]);

        Assert.False(cutOff.Reachable);
        Assert.Equal("No answer within 1 s at banner.", cutOff.Error);
        // Left out, so the domain keeps the host's last result rather than a half-made one.
        Assert.Empty(overBudget);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _mx.DisposeAsync();
        await _dns.DisposeAsync();
    }

    private MxProber Prober(bool allowPrivate, int? port = null, TimeSpan? timeout = null, TimeSpan? maxDuration = null)
    {
        var dns = new PolicyDns(Options.Create(new DnsOptions { Servers = [_dns.Endpoint.ToString()], Timeout = TimeSpan.FromSeconds(2) }));
        var roots = Path.Combine(Path.GetTempPath(), $"tlsrpt-prober-{Guid.NewGuid():N}.pem");
        File.WriteAllText(roots, _mx.Authority.CertificatePem);
        var trust = new CertificateTrust(roots);
        File.Delete(roots);
        return new MxProber(dns, trust, Options.Create(new MxProbeOptions
        {
            Port = port ?? _mx.Port, AllowPrivateTargets = allowPrivate, Timeout = timeout ?? TimeSpan.FromSeconds(5),
            MaxDuration = maxDuration ?? TimeSpan.FromMinutes(1), EhloName = "probe.test",
        }), TimeProvider.System);
    }

    private static MxState Mx(string host) => new(host, 10, null, [], false);
}
