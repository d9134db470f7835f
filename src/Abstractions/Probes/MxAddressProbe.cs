namespace TlsRptPlatform.Abstractions.Probes;

/// <summary>What one address of an MX host showed a sending MTA: banner, EHLO, STARTTLS, TLS handshake, QUIT.</summary>
/// <param name="Reachable">A TCP connection was made and the server greeted with a 2xx banner.</param>
/// <param name="StartTls">STARTTLS was offered in the EHLO reply; null when the dialogue did not get that far.</param>
/// <param name="TlsVersion">The negotiated protocol, e.g. <c>TLSv1.3</c>; null without a handshake.</param>
/// <param name="Trusted">The chain validates against the system roots plus <c>MtaSts:AdditionalTrustedRoots</c>.</param>
/// <param name="NameMatches">The certificate names the MX host (RFC 6125, whole-label wildcards).</param>
/// <param name="Dane"><c>match</c> or <c>mismatch</c> against the host's DNSSEC-validated TLSA records; null when DANE does not apply.</param>
/// <param name="Error">Where and why the dialogue stopped, in words; null when it completed.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.MxAddressProbe")]
public sealed record MxAddressProbe(
    [property: Id(0)] string Address,
    [property: Id(1)] bool Reachable,
    [property: Id(2)] bool? StartTls,
    [property: Id(3)] string? TlsVersion,
    [property: Id(4)] string? Cipher,
    [property: Id(5)] ProbedCertificate? Certificate,
    [property: Id(6)] bool? Trusted,
    [property: Id(7)] bool? NameMatches,
    [property: Id(8)] int? DaysUntilExpiry,
    [property: Id(9)] string? Dane,
    [property: Id(10)] string? Error);
