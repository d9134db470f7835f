namespace TlsRptPlatform.Abstractions.MtaSts;

/// <summary>One condition of enforce readiness.</summary>
/// <param name="Name">Stable: <c>testing-period</c>, <c>reporters</c>, <c>sts-failure-rate</c>, <c>mx-coverage</c>, <c>mx-certificates</c>, <c>policy-host-certificate</c>.</param>
/// <param name="Evidence">What the check read, in words, with the numbers.</param>
/// <param name="Refused">sts-failure-rate only: the sessions <c>enforce</c> would have refused, by result type, MX and reporter.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.ReadinessCheck")]
public sealed record ReadinessCheck(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Passed,
    [property: Id(2)] string Evidence,
    [property: Id(3)] IReadOnlyList<RefusedSessions> Refused);
