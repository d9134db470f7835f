using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Storage.Policies;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>What in a policy check is worth an alert.</summary>
public static class PolicyAlerts
{
    /// <summary>The changes a policy-changed rule reports: MTA-STS id, mode or mx, or the TLS-RPT record.</summary>
    public static readonly IReadOnlySet<string> Watched = new HashSet<string>(StringComparer.Ordinal)
    {
        "mta-sts.id", "mta-sts.mode", "mta-sts.mx", "tls-rpt.record",
    };

    /// <summary>Error findings of <paramref name="current"/> that the previous check did not have.</summary>
    public static IReadOnlyList<Finding> NewErrors(PolicySnapshot? previous, PolicySnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = previous?.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).ToHashSet(StringComparer.Ordinal) ?? [];
        return current.Findings.Where(f => f.Severity == FindingSeverity.Error && !before.Contains(f.Code)).ToList();
    }

    /// <summary>Watched changes; the very first check of a domain is not a change.</summary>
    public static IReadOnlyList<PolicyChange> WatchedChanges(PolicySnapshot? previous, IReadOnlyList<PolicyChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return previous is null ? [] : changes.Where(c => Watched.Contains(c.What)).ToList();
    }
}
