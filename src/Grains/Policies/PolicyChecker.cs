using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Dns;
using TlsRptPlatform.Storage.MtaSts;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>Runs one policy check of a domain: the lookups and the fetch, then <see cref="PolicyJudge"/>.</summary>
/// <param name="hosted">Where the ids of hosted policies are read; null where nothing is hosted (checker tests without a store).</param>
public sealed class PolicyChecker(PolicyDns dns, MtaStsPolicyFetcher fetcher, TimeProvider time, HostedPolicyStore? hosted = null)
{
    /// <summary>DANE lookups per check are bounded: a domain cannot make us query hundreds of MX hosts.</summary>
    public const int MaxMxHosts = 10;

    public async Task<PolicySnapshot> CheckAsync(string domain, IReadOnlyCollection<string> ownReportAddresses, CancellationToken cancellationToken = default)
    {
        var tlsRpt = dns.TxtAsync($"_smtp._tls.{domain}", cancellationToken);
        var mtaSts = dns.TxtAsync($"_mta-sts.{domain}", cancellationToken);
        var fetch = fetcher.FetchAsync(domain, cancellationToken);
        var mx = await dns.MxAsync(domain, cancellationToken);
        var tlsa = new Dictionary<string, DnsAnswer<TlsaRecord>>(StringComparer.Ordinal);
        foreach (var host in mx.Records.Select(m => m.Host).Distinct(StringComparer.Ordinal).Take(MaxMxHosts))
        {
            tlsa[host] = await dns.TlsaAsync(host, cancellationToken);
        }

        var hostedPolicy = hosted is null ? null : await hosted.FindAsync(domain, cancellationToken);
        var observations = new PolicyObservations(domain, ownReportAddresses, await tlsRpt, await mtaSts, await fetch, mx, tlsa, hostedPolicy?.PolicyId);
        return PolicyJudge.Judge(observations, time.GetUtcNow());
    }
}
