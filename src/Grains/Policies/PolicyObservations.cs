using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>The raw results of one check's lookups, before they are judged.</summary>
public sealed record PolicyObservations(
    string Domain,
    IReadOnlyCollection<string> OwnReportAddresses,
    DnsAnswer<IReadOnlyList<string>> TlsRptTxt,
    DnsAnswer<IReadOnlyList<string>> MtaStsTxt,
    PolicyFetch PolicyFetch,
    DnsAnswer<MxHost> Mx,
    IReadOnlyDictionary<string, DnsAnswer<TlsaRecord>> Tlsa);
