using TlsRptPlatform.Abstractions.Probes;

namespace TlsRptPlatform.Abstractions.Policies;

/// <param name="Status"><c>valid</c>, <c>invalid</c>, <c>missing</c>, or <c>unknown</c> when a lookup failed.</param>
/// <param name="Certificate">The certificate the policy host <c>mta-sts.&lt;domain&gt;</c> presented at the last fetch.</param>
/// <param name="PolicyFetch">How fetching the policy file ended (e.g. <c>valid</c>, <c>bad-certificate</c>); null when not fetched.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.MtaStsState")]
public sealed record MtaStsState(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Id,
    [property: Id(2)] string? Mode,
    [property: Id(3)] IReadOnlyList<string> Mx,
    [property: Id(4)] long? MaxAge,
    [property: Id(5)] string? PolicyFetch,
    [property: Id(6)] ProbedCertificate? Certificate = null);
