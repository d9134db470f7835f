using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>The raw results of one check's lookups, before they are judged.</summary>
/// <param name="HostedPolicyId">The id of the policy the platform serves for the domain; null when it hosts none.</param>
public sealed record PolicyObservations(
    string Domain,
    IReadOnlyCollection<string> OwnReportAddresses,
    DnsAnswer<IReadOnlyList<string>> TlsRptTxt,
    DnsAnswer<IReadOnlyList<string>> MtaStsTxt,
    PolicyFetch PolicyFetch,
    DnsAnswer<MxHost> Mx,
    IReadOnlyDictionary<string, DnsAnswer<TlsaRecord>> Tlsa,
    string? HostedPolicyId = null);
