namespace TlsRptPlatform.Abstractions.MtaSts;

/// <summary>A policy the platform serves, and the two DNS records that make senders use it.</summary>
/// <param name="Id">The policy id, new with every change: the value of <c>id=</c> in the <c>_mta-sts</c> TXT record.</param>
/// <param name="ModeSince">When the current mode began.</param>
/// <param name="Text">The policy file exactly as served.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.HostedPolicy")]
public sealed record HostedPolicy(
    [property: Id(0)] string Domain,
    [property: Id(1)] string Mode,
    [property: Id(2)] IReadOnlyList<string> Mx,
    [property: Id(3)] long MaxAge,
    [property: Id(4)] string Id,
    [property: Id(5)] DateTimeOffset ModeSince,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] string Text,
    [property: Id(8)] IReadOnlyList<PolicyRecord> Records);
