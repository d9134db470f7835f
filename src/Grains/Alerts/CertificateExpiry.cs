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
    /// <remarks>
    /// Days are counted from <paramref name="now"/> to each certificate's notAfter, not taken from the probe, so a DNS
    /// check between two daily probes still raises the 7-day or 1-day alert on time. The MTA-STS policy host's
    /// certificate, recorded by the policy fetch, is covered the same way.
    /// </remarks>
    public static IReadOnlyList<ExpiringCertificate> Due(PolicySnapshot policy, string domain, int daysBefore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        int[] steps = [.. new[] { daysBefore, 7, 1, 0 }.Where(s => s <= daysBefore).Distinct().Order()];
        var seen = policy.Mx
            .SelectMany(m => (m.Probe?.Addresses ?? []).Select(a => (Host: m.Host, a.Certificate)))
            .Append((Host: $"mta-sts.{domain}", policy.MtaSts.Certificate));
        var due = new List<ExpiringCertificate>();
        foreach (var (host, certificate) in seen.Where(c => c.Certificate is not null).DistinctBy(c => (c.Host, c.Certificate!.Sha256)))
        {
            var days = Probes.CertificateDescription.DaysUntilExpiry(certificate!, now);
            var step = steps.Where(s => days <= s).DefaultIfEmpty(-1).First();
            if (step >= 0 || days < 0)
            {
                due.Add(new ExpiringCertificate(host, certificate!.Sha256, certificate.NotAfter, days, Math.Max(step, 0)));
            }
        }

        return due;
    }
}
