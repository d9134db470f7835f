using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Reports;

namespace TlsRptPlatform.Grains.Domains;

/// <summary>What a domain grain persists through Orleans. Bounded: it never grows with report history (DESIGN D4).</summary>
[GenerateSerializer, Alias("TlsRptPlatform.DomainState")]
public sealed class DomainState
{
    public const int MaxRejections = 100;

    /// <summary>The most recent refused submissions, newest first.</summary>
    [Id(0)]
    public List<Rejection> Rejections { get; set; } = [];

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
