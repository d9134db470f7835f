using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A private CA for one test run: issues server certificates for host names and loopback addresses, and writes
/// itself and its certificates as PEM files for outside programs (Postfix, curl, Caddy) and the platform's settings.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _ca;

    public TestCertificateAuthority(string name = "TlsRptPlatform Test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // Valid long before now, so that certificates that expired a while ago can still be issued under it.
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(400));
    }

    /// <summary>The CA certificate in PEM, to trust it.</summary>
    public string CertificatePem => _ca.ExportCertificatePem();

    /// <summary>A server certificate (with its key) for the given DNS names; loopback addresses are added as IP names.</summary>
    public X509Certificate2 Issue(params string[] names) =>
        Issue(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), names);

    /// <summary>A server certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (in the past for an expired one).</summary>
    public X509Certificate2 Issue(DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternatives.AddIpAddress(address);
            }
            else
            {
                alternatives.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternatives.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(_ca, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so that Kestrel and SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    /// <summary>An HTTP client handler that trusts this CA alone (not the machine's roots), as a sender given its PEM file would.</summary>
    public SocketsHttpHandler NewTrustingHandler()
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(_ca.RawData));
        return new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
    }

    /// <summary>Writes a certificate and its private key to one PEM file (what <c>Smtp:CertificatePath</c> and Kestrel read).</summary>
    public static void WritePem(X509Certificate2 certificate, string path)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no EC private key.");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => _ca.Dispose();
}
