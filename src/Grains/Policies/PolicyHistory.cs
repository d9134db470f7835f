using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.Probes;
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
        if (previous is not null)
        {
            current = KeepProbe(previous, current);
        }

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

    /// <summary>
    /// Folds a probe of the MX hosts into the current state: each host's result, the probe's findings in place of the
    /// last probe's, and as changes a replaced certificate (new fingerprint) or STARTTLS gained or lost.
    /// </summary>
    public static (PolicySnapshot Current, IReadOnlyList<PolicyChange> Changes) MergeProbe(
        PolicySnapshot current, IReadOnlyDictionary<string, MxProbe> probes, DateTimeOffset probedAt)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(probes);
        var probed = current with
        {
            Mx = current.Mx.Select(m => probes.TryGetValue(m.Host, out var p) ? m with { Probe = p } : m).ToList(),
            ProbedAt = probedAt,
        };
        probed = probed with
        {
            Findings = [.. current.Findings.Where(f => !ProbeFindings.Codes.Contains(f.Code)), .. MxProbeJudge.Judge(probed)],
        };

        var changes = new List<PolicyChange>();
        foreach (var (before, after) in current.Mx.Zip(probed.Mx).Where(p => p.Second.Probe is not null))
        {
            // The first probe of a host is not a change; its results are in the state.
            if (before.Probe is null)
            {
                continue;
            }

            Compare(changes, probedAt, $"mx-certificate.{after.Host}", Certificates(before.Probe), Certificates(after.Probe!));
            Compare(changes, probedAt, $"mx-starttls.{after.Host}", StartTls(before.Probe), StartTls(after.Probe!));
        }

        return (probed, changes);
    }

    /// <summary>A DNS check does not probe: hosts still in MX keep their last probe, and the probe's findings stay.</summary>
    private static PolicySnapshot KeepProbe(PolicySnapshot previous, PolicySnapshot current)
    {
        var probes = previous.Mx.Where(m => m.Probe is not null).ToDictionary(m => m.Host, m => m.Probe!, StringComparer.Ordinal);
        var mx = current.Mx.Select(m => m.Probe is null && probes.TryGetValue(m.Host, out var p) ? m with { Probe = p } : m).ToList();
        var carried = current with { Mx = mx, ProbedAt = previous.ProbedAt };
        // Judged again rather than copied: findings of hosts that left the MX set go, and a policy now in enforce
        // mode makes a bad certificate an error at once.
        return carried with { Findings = [.. current.Findings.Where(f => !ProbeFindings.Codes.Contains(f.Code)), .. MxProbeJudge.Judge(carried)] };
    }

    private static string? Certificates(MxProbe probe) =>
        Join(probe.Addresses.Select(a => a.Certificate?.Sha256).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string? StartTls(MxProbe probe) =>
        Join(probe.Addresses.Where(a => a.StartTls is not null).Select(a => $"{a.Address} {(a.StartTls == true ? "offered" : "not offered")}"));

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
