using System.Collections.Concurrent;
using System.Net;
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
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _requested = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _answered = new(StringComparer.OrdinalIgnoreCase);
    private readonly TestCertificateAuthority _ca = new();
    private readonly TestCertificateAuthority _strangerCa = new("Untrusted Test CA");
    private WebApplication? _app;

    public TestPolicyServer()
    {
        CaPemFile = Path.Combine(Path.GetTempPath(), $"tlsrpt-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(CaPemFile, _ca.CertificatePem);
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
            Signal(_requested, context.Request.Host.Host).TrySetResult();
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (response.Location is not null)
            {
                context.Response.Headers.Location = response.Location;
            }

            Signal(_answered, context.Request.Host.Host).TrySetResult();
            return Results.Text(response.Body, response.ContentType, statusCode: response.Status);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
    }

    /// <summary>Serves a policy for <c>mta-sts.&lt;domain&gt;</c> with a valid certificate from the test CA.</summary>
    public void Serve(
        string domain, string body, int status = 200, string contentType = "text/plain", string? location = null,
        CertificateKind certificate = CertificateKind.Valid, TimeSpan delay = default, int validDays = 7)
    {
        var host = $"mta-sts.{domain}";
        _responses[host] = new PolicyResponse(status, contentType, body, location, delay);
        _certificates[host] = certificate switch
        {
            CertificateKind.WrongName => _ca.Issue("mail.other.test"),
            CertificateKind.UntrustedIssuer => _strangerCa.Issue(host),
            _ => _ca.Issue(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(validDays), host),
        };
    }

    /// <summary>Completes when <c>mta-sts.&lt;domain&gt;</c> has been asked for its policy (a delayed answer may still be on its way).</summary>
    public Task RequestedAsync(string domain) => Signal(_requested, $"mta-sts.{domain}").Task;

    /// <summary>Completes when <c>mta-sts.&lt;domain&gt;</c> has answered, after any delay it was given.</summary>
    public Task AnsweredAsync(string domain) => Signal(_answered, $"mta-sts.{domain}").Task;

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string host) =>
        signals.GetOrAdd(host, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

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
        _ca.Dispose();
        _strangerCa.Dispose();
    }

    private sealed record PolicyResponse(int Status, string ContentType, string Body, string? Location = null, TimeSpan Delay = default);
}
