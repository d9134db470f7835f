using TlsRptPlatform.Abstractions.Probes;

namespace TlsRptPlatform.Abstractions.Policies;

/// <param name="MatchesMtaSts">Covered by the MTA-STS policy's mx patterns; null without a valid policy.</param>
/// <param name="Tlsa">The host's TLSA records at <c>_25._tcp.&lt;host&gt;</c>, as text.</param>
/// <param name="TlsaAuthenticated">The TLSA answer carried the AD bit (DNSSEC-validated).</param>
/// <param name="Probe">The last SMTP/TLS probe of the host; null until probed (and in state written before probes existed).</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.MxState")]
public sealed record MxState(
    [property: Id(0)] string Host,
    [property: Id(1)] int Preference,
    [property: Id(2)] bool? MatchesMtaSts,
    [property: Id(3)] IReadOnlyList<string> Tlsa,
    [property: Id(4)] bool TlsaAuthenticated,
    [property: Id(5)] MxProbe? Probe = null);
