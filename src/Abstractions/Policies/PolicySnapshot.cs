namespace TlsRptPlatform.Abstractions.Policies;

/// <summary>A domain's mail-security policies as one check saw them.</summary>
/// <param name="ProbedAt">When the MX hosts were last probed (SMTP/TLS); null until then.</param>
/// <param name="Errors">Lookups that failed (time-out, SERVFAIL): their parts are <c>unknown</c>, not missing.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.PolicySnapshot")]
public sealed record PolicySnapshot(
    [property: Id(0)] DateTimeOffset CheckedAt,
    [property: Id(1)] TlsRptState TlsRpt,
    [property: Id(2)] MtaStsState MtaSts,
    [property: Id(3)] IReadOnlyList<MxState> Mx,
    [property: Id(4)] IReadOnlyList<Finding> Findings,
    [property: Id(5)] IReadOnlyList<string> Errors,
    [property: Id(6)] DateTimeOffset? ProbedAt = null);
