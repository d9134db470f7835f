using System.Diagnostics;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Grains.Telemetry;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>
/// Runs one domain's policy checks, one at a time. It calls the domain grain twice — for the addresses that count as
/// the platform's, then to record the result — so the domain grain ingests reports while the check waits on the network
/// (a scheduled check of a domain whose name servers time out used to hold its reports for seconds).
/// </summary>
[GrainType("policy-check")]
[CollectionAgeLimit(Minutes = 10)]
public sealed class PolicyCheckGrain(PolicyChecker checker, PolicyCheckMetrics metrics) : Grain, IPolicyCheckGrain
{
    async Task<PolicySnapshot?> IPolicyCheckGrain.CheckAsync(string? tenantId, bool scheduled)
    {
        var domain = GrainFactory.GetGrain<IDomainGrain>(this.GetPrimaryKeyString());
        var ownAddresses = await domain.GetCheckTargetAsync(tenantId);
        if (ownAddresses is null)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        var check = await checker.CheckAsync(this.GetPrimaryKeyString(), ownAddresses);
        metrics.Record(check.Errors.Count > 0, scheduled, Stopwatch.GetElapsedTime(started));
        return await domain.RecordCheckAsync(check);
    }
}
