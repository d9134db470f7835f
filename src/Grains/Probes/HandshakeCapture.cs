using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Protocol.Tls;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>
/// What the TLS validation callback saw, copied out while the chain is alive. The callback records and never rejects:
/// the probe wants to know what a sender would see, including certificates it would refuse.
/// </summary>
internal sealed class HandshakeCapture(CertificateTrust trust)
{
    public X509Certificate2? Leaf { get; private set; }

    /// <summary>Leaf first, then the certificates the server sent and those the chain was built from.</summary>
    public List<ChainCertificate> Chain { get; } = [];

    public List<string> ChainSubjects { get; } = [];

    public bool Trusted { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return true;
        }

        Leaf = new X509Certificate2(certificate);
        Trusted = trust.ChainIsTrusted(certificate, chain, errors);
        Add(Leaf);
        var seen = new HashSet<string>(StringComparer.Ordinal) { Leaf.Thumbprint };
        var above = (chain?.ChainElements.Select(e => e.Certificate) ?? []).Concat(chain?.ChainPolicy.ExtraStore ?? []);
        foreach (var element in above)
        {
            if (seen.Add(element.Thumbprint))
            {
                Add(element);
                ChainSubjects.Add(element.Subject);
            }
        }

        return true;
    }

    private void Add(X509Certificate2 certificate) =>
        Chain.Add(new ChainCertificate(certificate.RawData, certificate.PublicKey.ExportSubjectPublicKeyInfo()));
}
