using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A real HTTPS server (Kestrel, 127.0.0.1) serving MTA-STS policy files for test domains, with certificates
/// issued per host name by a test CA, chosen by SNI. Hosts can be given a certificate for the wrong name or from an
/// untrusted issuer, a status, a media type and a body.
/// </summary>
public sealed class TestPolicyServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, PolicyResponse> _responses = new(StringComparer.OrdinalIgnoreCase);
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _strangerCa;
    private WebApplication? _app;

    public TestPolicyServer()
    {
        _ca = CreateCa("TlsRptPlatform Test CA");
        _strangerCa = CreateCa("Untrusted Test CA");
        CaPemFile = Path.Combine(Path.GetTempPath(), $"tlsrpt-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(CaPemFile, _ca.ExportCertificatePem());
    }

    /// <summary>The test CA as a PEM file, for <c>MtaSts:AdditionalTrustedRoots</c>.</summary>
    public string CaPemFile { get; }

    public int Port { get; private set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
            https.ServerCertificateSelector = (_, name) => name is not null && _certificates.TryGetValue(name, out var c) ? c : null)));
        _app = builder.Build();
        _app.MapGet("/.well-known/mta-sts.txt", async (HttpContext context) =>
        {
            var response = _responses.GetValueOrDefault(context.Request.Host.Host) ?? new PolicyResponse(404, "text/plain", "no policy");
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (response.Location is not null)
            {
                context.Response.Headers.Location = response.Location;
            }

            return Results.Text(response.Body, response.ContentType, statusCode: response.Status);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
    }

    /// <summary>Serves a policy for <c>mta-sts.&lt;domain&gt;</c> with a valid certificate from the test CA.</summary>
    public void Serve(
        string domain, string body, int status = 200, string contentType = "text/plain", string? location = null,
        CertificateKind certificate = CertificateKind.Valid, TimeSpan delay = default)
    {
        var host = $"mta-sts.{domain}";
        _responses[host] = new PolicyResponse(status, contentType, body, location, delay);
        _certificates[host] = certificate switch
        {
            CertificateKind.WrongName => Issue(_ca, "mail.other.test"),
            CertificateKind.UntrustedIssuer => Issue(_strangerCa, host),
            _ => Issue(_ca, host),
        };
    }

    public enum CertificateKind
    {
        Valid,
        WrongName,
        UntrustedIssuer,
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        File.Delete(CaPemFile);
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so that Kestrel can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    private sealed record PolicyResponse(int Status, string ContentType, string Body, string? Location = null, TimeSpan Delay = default);
}
