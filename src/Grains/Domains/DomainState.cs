using TlsRptPlatform.Abstractions.Policies;

namespace TlsRptPlatform.Grains.Domains;

/// <summary>What a domain grain persists through Orleans. Bounded: it never grows with report history (DESIGN D4).</summary>
[GenerateSerializer, Alias("TlsRptPlatform.DomainState")]
public sealed class DomainState
{
    // Id(0) held the rejection log until it moved to its own table (issue 11); the serializer skips it in old state.

    /// <summary>The policies as last seen, with failed lookups filled in from earlier checks.</summary>
    [Id(1)]
    public PolicySnapshot? Policy { get; set; }

    /// <summary>Policy checks in a row whose lookups failed; drives back-off.</summary>
    [Id(2)]
    public int CheckFailures { get; set; }

    /// <summary>Report tokens offered to other tenants that claim the domain, by tenant id (bounded).</summary>
    [Id(3)]
    public Dictionary<string, string> Claims { get; set; } = [];

    public const int MaxClaims = 20;
}
