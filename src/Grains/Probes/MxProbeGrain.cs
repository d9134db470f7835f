using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>
/// Probes one domain's MX hosts. It calls the domain grain twice — for the hosts, then to record the result — and the
/// domain grain never calls it, so there is no call cycle, and the domain grain is free to ingest reports while the
/// probe waits on the network. No state of its own: when it last probed is part of the domain's policy state.
/// </summary>
[GrainType("mx-probe")]
[CollectionAgeLimit(Minutes = 10)]
public sealed class MxProbeGrain(MxProber prober, IOptions<MxProbeOptions> options, TimeProvider time) : Grain, IMxProbeGrain
{
    async Task<PolicySnapshot?> IMxProbeGrain.ProbeAsync(bool force)
    {
        var domain = GrainFactory.GetGrain<IDomainGrain>(this.GetPrimaryKeyString());
        var policy = await domain.GetProbeTargetsAsync();
        if (policy is null || !options.Value.Enabled || (!force && !IsDue(policy)))
        {
            return policy;
        }

        var probes = await prober.ProbeAsync(policy.Mx);
        return await domain.RecordProbeAsync(time.GetUtcNow(), probes);
    }

    /// <summary>Due after the interval, or at once when an MX host has never been probed (new domain, new MX).</summary>
    private bool IsDue(PolicySnapshot policy) =>
        policy.ProbedAt is not { } last
        || time.GetUtcNow() - last >= options.Value.Interval
        || policy.Mx.Take(options.Value.MaxHosts).Any(m => m.Probe is null);
}
