namespace TlsRptPlatform.Abstractions.MtaSts;

/// <summary>A DNS record the customer publishes for a hosted policy, and what DNS shows at its name now.</summary>
/// <param name="Type"><c>CNAME</c> or <c>TXT</c>.</param>
/// <param name="Published">DNS shows exactly this record; null when the lookup failed (unknown, not missing).</param>
/// <param name="Observed">What DNS answers at the name for this type, as text.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.PolicyRecord")]
public sealed record PolicyRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] string Type,
    [property: Id(2)] string Value,
    [property: Id(3)] bool? Published,
    [property: Id(4)] IReadOnlyList<string> Observed);
