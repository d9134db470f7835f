using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsRptPlatform.Abstractions.Probes;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>What is kept of a presented certificate: the MX probe and the MTA-STS fetch record it the same way.</summary>
public static class CertificateDescription
{
    public static ProbedCertificate Of(X509Certificate2 leaf, IReadOnlyList<string> chainSubjects)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        return new ProbedCertificate(
            leaf.Subject, leaf.Issuer, DnsNames(leaf),
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
            Convert.ToHexStringLower(SHA256.HashData(leaf.RawData)), chainSubjects);
    }

    public static List<string> DnsNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
    }

    /// <summary>Whole days left; negative once expired.</summary>
    public static int DaysUntilExpiry(ProbedCertificate certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return (int)Math.Floor((certificate.NotAfter - now).TotalDays);
    }
}
