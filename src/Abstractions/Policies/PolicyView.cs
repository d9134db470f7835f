namespace TlsRptPlatform.Abstractions.Policies;

/// <summary>A domain's policy state and its change history (newest first).</summary>
/// <param name="Current">Null until the first check.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.PolicyView")]
public sealed record PolicyView(
    [property: Id(0)] PolicySnapshot? Current,
    [property: Id(1)] IReadOnlyList<PolicyHistoryEntry> History);
