namespace TlsRptPlatform.Abstractions.MtaSts;

/// <summary>Whether the domain's own reports say that <c>mode: enforce</c> would refuse no mail that arrives today.</summary>
/// <param name="Since">When the policy went into <c>testing</c>; null when it is not in testing.</param>
/// <param name="Source"><c>hosted</c> (served by the platform), <c>external</c> (seen by the last DNS check) or <c>none</c>.</param>
/// <param name="Basis"><c>reports</c>, or <c>time-only</c> when fewer than two organizations report on the domain.</param>
/// <param name="From">First UTC report day of the window the checks read.</param>
/// <param name="To">Last UTC report day of the window.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.MtaStsReadiness")]
public sealed record MtaStsReadiness(
    [property: Id(0)] bool Ready,
    [property: Id(1)] DateTimeOffset? Since,
    [property: Id(2)] string Source,
    [property: Id(3)] string? Mode,
    [property: Id(4)] string Basis,
    [property: Id(5)] DateOnly From,
    [property: Id(6)] DateOnly To,
    [property: Id(7)] IReadOnlyList<ReadinessCheck> Checks);
