using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>
/// The platform's one idea of a trusted certificate: Web PKI as the OS sees it, or a chain to one of the PEM roots of
/// <c>MtaSts:AdditionalTrustedRoots</c> (private CAs, tests). The MTA-STS fetch and the MX probe both judge with it.
/// </summary>
public sealed class CertificateTrust
{
    private readonly X509Certificate2Collection _extraRoots = [];

    public CertificateTrust(string? additionalRootsPemPath)
    {
        if (!string.IsNullOrWhiteSpace(additionalRootsPemPath))
        {
            _extraRoots.ImportFromPemFile(additionalRootsPemPath);
        }
    }

    /// <summary>Trusted and issued for the host the connection asked for (what an MTA-STS sender requires).</summary>
    public bool IsTrusted(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && ChainIsTrusted(certificate, chain, errors);

    /// <summary>The chain alone, whatever name it carries: the probe judges the name by itself (RFC 6125).</summary>
    public bool ChainIsTrusted(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var chainErrors = errors & ~SslPolicyErrors.RemoteCertificateNameMismatch;
        if (chainErrors == SslPolicyErrors.None)
        {
            return certificate is not null;
        }

        if (chainErrors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || _extraRoots.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }

            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
