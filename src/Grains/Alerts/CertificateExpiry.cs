using TlsRptPlatform.Abstractions.Policies;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>Which probed certificates a certificate-expiring rule warns about now. Pure.</summary>
public static class CertificateExpiry
{
    /// <summary>
    /// A certificate is due at the smallest step it has reached — the rule's days, then 7, then 1, then 0 (expired) —
    /// so each certificate raises at most one alert per step: the dedup key carries fingerprint and step. A renewed
    /// certificate has a new fingerprint and starts over.
    /// </summary>
    public static IReadOnlyList<ExpiringCertificate> Due(PolicySnapshot policy, int daysBefore)
    {
        ArgumentNullException.ThrowIfNull(policy);
        int[] steps = [.. new[] { daysBefore, 7, 1, 0 }.Where(s => s <= daysBefore).Distinct().Order()];
        var due = new List<ExpiringCertificate>();
        foreach (var mx in policy.Mx.Where(m => m.Probe is not null))
        {
            var certificates = mx.Probe!.Addresses
                .Where(a => a.Certificate is not null && a.DaysUntilExpiry is not null)
                .DistinctBy(a => a.Certificate!.Sha256, StringComparer.Ordinal);
            foreach (var address in certificates)
            {
                var days = address.DaysUntilExpiry!.Value;
                var step = steps.Where(s => days <= s).DefaultIfEmpty(-1).First();
                if (step >= 0 || days < 0)
                {
                    due.Add(new ExpiringCertificate(mx.Host, address.Certificate!.Sha256, address.Certificate.NotAfter, days, Math.Max(step, 0)));
                }
            }
        }

        return due;
    }
}
