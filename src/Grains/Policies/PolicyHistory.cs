using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Storage.Policies;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>Folds a new check into the last known state, and lists what changed.</summary>
public static class PolicyHistory
{
    /// <summary>
    /// Parts whose lookups failed (<c>unknown</c>) keep their last known value: a time-out or SERVFAIL never turns a
    /// valid policy into a missing one by itself. The new check's findings and errors are kept as they are.
    /// </summary>
    public static (PolicySnapshot Current, IReadOnlyList<PolicyChange> Changes) Merge(PolicySnapshot? previous, PolicySnapshot check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var current = previous is null
            ? check
            : check with
            {
                TlsRpt = check.TlsRpt.Status == "unknown" ? previous.TlsRpt : check.TlsRpt,
                MtaSts = check.MtaSts.Status == "unknown" ? previous.MtaSts : check.MtaSts,
                Mx = check.Errors.Count > 0 && check.Mx.Count == 0 ? previous.Mx : check.Mx,
            };

        var changes = new List<PolicyChange>();
        var at = check.CheckedAt;
        Compare(changes, at, "tls-rpt.status", previous?.TlsRpt.Status, current.TlsRpt.Status);
        Compare(changes, at, "tls-rpt.record", previous?.TlsRpt.Record, current.TlsRpt.Record);
        Compare(changes, at, "mta-sts.status", previous?.MtaSts.Status, current.MtaSts.Status);
        Compare(changes, at, "mta-sts.id", previous?.MtaSts.Id, current.MtaSts.Id);
        Compare(changes, at, "mta-sts.mode", previous?.MtaSts.Mode, current.MtaSts.Mode);
        Compare(changes, at, "mta-sts.mx", Join(previous?.MtaSts.Mx), Join(current.MtaSts.Mx));
        Compare(changes, at, "mta-sts.max-age", previous?.MtaSts.MaxAge?.ToString(System.Globalization.CultureInfo.InvariantCulture), current.MtaSts.MaxAge?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Compare(changes, at, "mx", Join(previous?.Mx.Select(m => $"{m.Preference} {m.Host}")), Join(current.Mx.Select(m => $"{m.Preference} {m.Host}")));
        foreach (var host in current.Mx.Select(m => m.Host).Union(previous?.Mx.Select(m => m.Host) ?? [], StringComparer.Ordinal))
        {
            Compare(changes, at, $"tlsa.{host}", Join(previous?.Mx.FirstOrDefault(m => m.Host == host)?.Tlsa), Join(current.Mx.FirstOrDefault(m => m.Host == host)?.Tlsa));
        }

        return (current, changes);
    }

    private static void Compare(List<PolicyChange> changes, DateTimeOffset at, string what, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(new PolicyChange(at, what, before, after));
        }
    }

    private static string? Join(IEnumerable<string>? values)
    {
        var list = values?.ToList();
        return list is null || list.Count == 0 ? null : string.Join(", ", list);
    }
}
