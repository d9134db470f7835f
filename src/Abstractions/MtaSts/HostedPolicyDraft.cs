namespace TlsRptPlatform.Abstractions.MtaSts;

/// <summary>A policy as the tenant asks for it.</summary>
/// <param name="Mx">Validated, normalised patterns; null to take the MX hosts the last DNS check saw.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.HostedPolicyDraft")]
public sealed record HostedPolicyDraft(
    [property: Id(0)] string Mode,
    [property: Id(1)] IReadOnlyList<string>? Mx,
    [property: Id(2)] long MaxAge);
