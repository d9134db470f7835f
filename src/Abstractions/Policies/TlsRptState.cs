namespace TlsRptPlatform.Abstractions.Policies;

/// <param name="Status"><c>valid</c>, <c>invalid</c>, <c>missing</c>, or <c>unknown</c> when the lookup failed.</param>
/// <param name="PointsHere">The record's rua contains this domain's platform report address.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.TlsRptState")]
public sealed record TlsRptState(
    [property: Id(0)] string Status,
    [property: Id(1)] IReadOnlyList<string> Rua,
    [property: Id(2)] bool PointsHere,
    [property: Id(3)] string? Record);
