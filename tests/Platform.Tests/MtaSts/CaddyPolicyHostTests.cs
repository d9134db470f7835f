using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.MtaSts;

/// <summary>
/// The whole road of a hosted policy through a real TLS front: Caddy obtains a certificate on demand for
/// mta-sts.&lt;domain&gt; only after the platform's ask says the name is hosted, and the platform's own MTA-STS check
/// fetches the policy through Caddy and finds it valid.
/// </summary>
public class CaddyPolicyHostTests(CaddyPlatform platform) : IClassFixture<CaddyPlatform>
{
    [Fact]
    public async Task The_platforms_own_check_fetches_a_hosted_policy_through_caddy_and_finds_it_valid()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        using var put = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "testing", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        var id = (string)JsonNode.Parse(await put.Content.ReadAsStringAsync())!["id"]!;
        platform.Dns.AddMx(name, 10, $"mx.{name}");
        platform.Dns.AddTxt($"_mta-sts.{name}", $"v=STSv1; id={id}");
        platform.Dns.AddA($"mta-sts.{name}", IPAddress.Loopback);

        using var response = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        var check = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var mtaSts = check["mtaSts"]!;
        Assert.True((string?)mtaSts["policyFetch"] == "valid", $"{mtaSts.ToJsonString()}\nCaddy:\n{platform.Caddy.Log}");
        Assert.Equal("valid", (string?)mtaSts["status"]);
        Assert.Equal("testing", (string?)mtaSts["mode"]);
        Assert.Equal(id, (string?)mtaSts["id"]);
        Assert.Equal([$"mx.{name}"], mtaSts["mx"]!.AsArray().Select(m => (string)m!));
        Assert.Contains($"mta-sts.{name}", mtaSts["certificate"]!["dnsNames"]!.AsArray().Select(n => (string)n!));
        Assert.Contains("Caddy Local Authority", (string?)mtaSts["certificate"]!["issuer"], StringComparison.Ordinal);
        Assert.DoesNotContain(check["findings"]!.AsArray(), f => ((string?)f!["code"])!.StartsWith("mtasts-policy-", StringComparison.Ordinal));

        using var direct = await FetchThroughCaddyAsync($"mta-sts.{name}");
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal("text/plain", direct.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"version: STSv1\r\nmode: testing\r\nmx: mx.{name}\r\nmax_age: 604800\r\n", await direct.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_name_without_a_hosted_policy_gets_no_certificate()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        platform.Dns.AddTxt($"_mta-sts.{name}", "v=STSv1; id=1;");
        platform.Dns.AddA($"mta-sts.{name}", IPAddress.Loopback);

        using var response = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        var check = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.NotEqual("valid", (string?)check["mtaSts"]!["policyFetch"]);
        Assert.Null(check["mtaSts"]!["certificate"]);
        foreach (var stranger in new[] { $"mta-sts.{name}", name, $"mta-sts.unknown-{Guid.NewGuid():N}.example", "mta-sts.tlsrpt.example.net" })
        {
            var failure = await Record.ExceptionAsync(() => HandshakeAsync(stranger));
            Assert.True(failure is AuthenticationException or IOException, $"{stranger}: {failure?.GetType().Name ?? "handshake succeeded"}");
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetDirectoryName(platform.Caddy.RootCertificatePath)!)!, "*.crt", SearchOption.AllDirectories),
            f => f.Contains(name, StringComparison.Ordinal));
    }

    /// <summary>Connects to Caddy by address with the given SNI, trusting Caddy's root alone.</summary>
    private async Task<HttpResponseMessage> FetchThroughCaddyAsync(string host)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, platform.Caddy.HttpsPort, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { CertificateChainPolicy = TrustCaddy() },
        };
        using var http = new HttpClient(handler, disposeHandler: false);
        return await http.GetAsync(new Uri($"https://{host}/.well-known/mta-sts.txt"));
    }

    private async Task HandshakeAsync(string host)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, platform.Caddy.HttpsPort);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host, CertificateChainPolicy = TrustCaddy() });
    }

    private X509ChainPolicy TrustCaddy()
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(platform.Caddy.RootCertificatePath));
        return policy;
    }
}
