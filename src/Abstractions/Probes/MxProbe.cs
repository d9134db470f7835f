namespace TlsRptPlatform.Abstractions.Probes;

/// <summary>The last TLS probe of one MX host: each of its addresses (capped), or why none was probed.</summary>
/// <param name="Error">Why no address was probed (no A/AAAA record, lookup failed); null otherwise.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.MxProbe")]
public sealed record MxProbe(
    [property: Id(0)] DateTimeOffset ProbedAt,
    [property: Id(1)] IReadOnlyList<MxAddressProbe> Addresses,
    [property: Id(2)] string? Error);
