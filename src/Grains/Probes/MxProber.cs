using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Dns;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Grains.Telemetry;
using TlsRptPlatform.Protocol.Alerts;
using TlsRptPlatform.Protocol.Tls;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>
/// Probes the MX hosts of a policy check, one silo-wide service: at most <see cref="MxProbeOptions.MaxConcurrent"/>
/// connections at once and one at a time per address (<see cref="KeyedGate"/>), so a popular provider's MX is not
/// hammered by every customer domain at the same moment. Hosts and addresses per domain are capped.
/// </summary>
public sealed class MxProber : IDisposable
{
    private readonly PolicyDns _dns;
    private readonly TimeProvider _time;
    private readonly MxProbeOptions _options;
    private readonly SmtpTlsProbe _probe;
    private readonly SemaphoreSlim _slots;
    private readonly KeyedGate _perAddress = new();

    private readonly ProbeMetrics? _metrics;

    public MxProber(PolicyDns dns, CertificateTrust trust, IOptions<MxProbeOptions> options, TimeProvider time, ProbeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dns = dns;
        _time = time;
        _metrics = metrics;
        _options = options.Value;
        _probe = new SmtpTlsProbe(trust, _options, string.IsNullOrWhiteSpace(_options.EhloName) ? System.Net.Dns.GetHostName() : _options.EhloName);
        _slots = new SemaphoreSlim(_options.MaxConcurrent);
    }

    public MxProbeOptions Options => _options;

    /// <summary>Probes each host (capped) and its addresses; hosts are probed side by side, within the silo's slots.</summary>
    public async Task<IReadOnlyDictionary<string, MxProbe>> ProbeAsync(IEnumerable<MxState> hosts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var selected = hosts.DistinctBy(h => h.Host, StringComparer.Ordinal).Take(_options.MaxHosts).ToList();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.MaxDuration);
        var results = await Task.WhenAll(selected.Select(h => ProbeHostAsync(h, budget.Token)));
        cancellationToken.ThrowIfCancellationRequested();
        // A host that got no turn within the budget is left out, and so keeps its last result.
        return selected.Zip(results).Where(p => p.Second is not null).ToDictionary(p => p.First.Host, p => p.Second!, StringComparer.Ordinal);
    }

    public void Dispose() => _slots.Dispose();

    private async Task<MxProbe?> ProbeHostAsync(MxState host, CancellationToken budget)
    {
        DnsAnswer<IPAddress> lookup;
        try
        {
            lookup = await _dns.AddressesAsync(host.Host, budget);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return null;
        }

        if (lookup.Records.Count == 0)
        {
            return new MxProbe(_time.GetUtcNow(), [], lookup.Outcome == DnsOutcome.Failed
                ? $"The address lookup of {host.Host} failed ({lookup.Error})."
                : $"{host.Host} has no A or AAAA record.");
        }

        // RFC 7672 §2.2: only DNSSEC-validated TLSA records count; without the AD bit DANE does not apply.
        var tlsa = host.TlsaAuthenticated
            ? host.Tlsa.Select(t => TlsaAssociation.TryParse(t, out var a) ? a : null).OfType<TlsaAssociation>().ToList()
            : [];
        var addresses = new List<MxAddressProbe>();
        foreach (var address in lookup.Records.Take(_options.MaxAddressesPerHost))
        {
            try
            {
                // The same rule as webhook targets (DESIGN D7): MX records are the tenant's to choose.
                addresses.Add(!_options.AllowPrivateTargets && NetworkTargets.IsForbidden(address)
                    ? new MxAddressProbe(address.ToString(), false, null, null, null, null, null, null, null, null,
                        $"{address} is an internal address (loopback, private, link-local or reserved); it is not probed.")
                    : await ProbeAddressAsync(host.Host, address, tlsa, budget));
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                break;
            }
        }

        return addresses.Count == 0 ? null : new MxProbe(_time.GetUtcNow(), addresses, null);
    }

    private async Task<MxAddressProbe> ProbeAddressAsync(string host, IPAddress address, IReadOnlyList<TlsaAssociation> tlsa, CancellationToken cancellationToken)
    {
        using var turn = await _perAddress.EnterAsync(address.ToString(), cancellationToken);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var probe = await _probe.ProbeAsync(host, address, tlsa, _time.GetUtcNow(), cancellationToken);
            _metrics?.Record(probe, Stopwatch.GetElapsedTime(started));
            return probe;
        }
        finally
        {
            _slots.Release();
        }
    }
}
