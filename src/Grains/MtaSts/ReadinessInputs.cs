using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>Everything the readiness checks read, gathered before they are judged.</summary>
/// <param name="Source"><c>hosted</c>, <c>external</c> or <c>none</c>.</param>
/// <param name="Mode">The policy's mode (hosted: as served; external: as the last check fetched it).</param>
/// <param name="Since">When the current mode began; null when unknown.</param>
/// <param name="HostedId">The hosted policy's id; null for an external policy.</param>
/// <param name="Snapshot">The last DNS check with its MX probe; null before the first check.</param>
/// <param name="MxSeenInReports">Receiving MX hosts named by failure details in the window.</param>
public sealed record ReadinessInputs(
    string Domain,
    string Source,
    string? Mode,
    DateTimeOffset? Since,
    IReadOnlyList<string> Patterns,
    string? HostedId,
    PolicySnapshot? Snapshot,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<OrganizationSpan> Organizations,
    long StsSuccessful,
    long StsFailed,
    IReadOnlyList<RefusedSessions> Refused,
    IReadOnlyList<string> MxSeenInReports,
    DateTimeOffset Now);
