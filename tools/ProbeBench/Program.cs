using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Dns;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Grains.Probes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

// Usage: ProbeBench [hosts] [max-concurrent]
// Probes <hosts> MX names, ten per domain as MxProber caps them, all served by one local STARTTLS server. Every name
// resolves to 127.0.0.1, so two runs are made: the prober as deployed (one probe at a time per address: the case of
// thousands of domains behind one provider's MX), and the same SMTP/TLS dialogue with the per-address gate left out
// (distinct MX addresses), at most <max-concurrent> at once.
var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;

await using var dns = new TestDnsServer();
await using var mx = new TestMxServer();
var names = Enumerable.Range(0, hosts).Select(i => $"mx{i}.bench{i / 10}.test").ToList();
foreach (var name in names)
{
    dns.AddA(name, IPAddress.Loopback);
}

using var certificate = mx.Authority.Issue(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), names.Take(1).ToArray());
foreach (var name in names)
{
    mx.Present(name, certificate);
}

var roots = Path.Combine(Path.GetTempPath(), $"probebench-{Guid.NewGuid():N}.pem");
await File.WriteAllTextAsync(roots, mx.Authority.CertificatePem);
var options = new MxProbeOptions { AllowPrivateTargets = true, Port = mx.Port, MaxConcurrent = concurrency, Timeout = TimeSpan.FromSeconds(10), EhloName = "bench.test" };
var resolver = new PolicyDns(Options.Create(new DnsOptions { Servers = [dns.Endpoint.ToString()], Timeout = TimeSpan.FromSeconds(5) }));
var trust = new CertificateTrust(roots);
using var prober = new MxProber(resolver, trust, Options.Create(options), TimeProvider.System);
var direct = new SmtpTlsProbe(trust, options, "bench.test");

// Warm-up: JIT, TLS session machinery.
await prober.ProbeAsync(names.Take(20).Select(Mx));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MX hosts: {hosts}, MxProbe:MaxConcurrent: {concurrency}, cores: {Environment.ProcessorCount}"));
await MeasureAsync("MxProber, one address (per-address gate)", async () =>
{
    var domains = names.Chunk(10).ToList();
    using var gate = new SemaphoreSlim(concurrency);
    var results = await Task.WhenAll(domains.Select(async d =>
    {
        await gate.WaitAsync();
        try
        {
            return await prober.ProbeAsync(d.Select(Mx));
        }
        finally
        {
            gate.Release();
        }
    }));
    return results.SelectMany(r => r.Values).Count(p => p.Addresses.Count == 1 && p.Addresses[0].TlsVersion is not null);
});
await MeasureAsync("SMTP/TLS dialogue, distinct addresses", async () =>
{
    using var slots = new SemaphoreSlim(concurrency);
    var results = await Task.WhenAll(names.Select(async name =>
    {
        await slots.WaitAsync();
        try
        {
            return await direct.ProbeAsync(name, IPAddress.Loopback, [], DateTimeOffset.UtcNow, CancellationToken.None);
        }
        finally
        {
            slots.Release();
        }
    }));
    return results.Count(r => r.TlsVersion is not null);
});
File.Delete(roots);

async Task MeasureAsync(string what, Func<Task<int>> run)
{
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var completed = await run();
    clock.Stop();
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {completed}/{hosts} completed with TLS in {clock.Elapsed.TotalSeconds:0.0} s = {completed / clock.Elapsed.TotalSeconds:0} probes/s; "
        + $"CPU {cpu.TotalSeconds:0.0} s ({cpu.TotalMilliseconds / Math.Max(completed, 1):0.00} ms per probe, client and server together; {cpu / clock.Elapsed / Environment.ProcessorCount:P0} of the machine)"));
}

static MxState Mx(string host) => new(host, 10, null, [], false);
