using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.Probes;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>
/// Fetches <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> the way RFC 8461 §3.3 tells senders to:
/// Web PKI certificate for the policy host, no redirects, 200 only, <c>text/plain</c>, at most 64 KiB, short
/// time-out. The host's address is looked up through the platform's resolvers, never the OS resolver.
/// </summary>
public sealed class MtaStsPolicyFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly MtaStsOptions _options;

    /// <summary>The certificate each policy host presented, from the handshake until its fetch picks it up.</summary>
    private readonly ConcurrentDictionary<string, ProbedCertificate> _presented = new(StringComparer.OrdinalIgnoreCase);

    public MtaStsPolicyFetcher(PolicyDns dns, IOptions<MtaStsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(dns);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var trust = new CertificateTrust(_options.AdditionalTrustedRoots);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            // A connection per fetch, so every fetch sees the handshake and records the certificate presented now.
            PooledConnectionIdleTimeout = TimeSpan.Zero,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(dns, context, cancellationToken),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    Record(sender, certificate);
                    return trust.IsTrusted(certificate, chain, errors);
                },
            },
        };
        _http = new HttpClient(handler) { Timeout = _options.Timeout, MaxResponseContentBufferSize = MtaStsPolicyParser.MaxBytes + 1 };
    }

    public async Task<PolicyFetch> FetchAsync(string domain, CancellationToken cancellationToken = default)
    {
        var fetch = await FetchPolicyAsync(domain, cancellationToken);
        return _presented.TryRemove($"mta-sts.{domain}", out var certificate) ? fetch with { Certificate = certificate } : fetch;
    }

    private async Task<PolicyFetch> FetchPolicyAsync(string domain, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(Uri.UriSchemeHttps, $"mta-sts.{domain}", _options.PolicyPort, "/.well-known/mta-sts.txt").Uri;
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var location = response.Headers.Location is { } target ? $" (redirect to {target}, which senders do not follow)" : string.Empty;
                return Fail(PolicyFetchOutcome.BadStatus, $"{uri} answered {(int)response.StatusCode}{location}; it must answer 200.");
            }

            if (response.Content.Headers.ContentType?.MediaType is not "text/plain")
            {
                return Fail(PolicyFetchOutcome.BadContentType, $"{uri} is served as '{response.Content.Headers.ContentType?.MediaType}'; it must be text/plain.");
            }

            var body = await ReadBoundedAsync(response.Content, cancellationToken);
            if (body is null)
            {
                return Fail(PolicyFetchOutcome.TooLarge, $"{uri} is larger than {MtaStsPolicyParser.MaxBytes} bytes.");
            }

            return MtaStsPolicyParser.TryParse(body, out var policy, out var problems)
                ? new PolicyFetch(PolicyFetchOutcome.Valid, policy, string.Empty)
                : Fail(PolicyFetchOutcome.Invalid, string.Join(" ", problems));
        }
        catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException)
        {
            return Fail(PolicyFetchOutcome.BadCertificate, $"The certificate of mta-sts.{domain} is not trusted or not issued for that name.");
        }
        catch (HttpRequestException ex)
        {
            return Fail(PolicyFetchOutcome.Unreachable, $"mta-sts.{domain} could not be reached: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(PolicyFetchOutcome.Timeout, $"mta-sts.{domain} did not answer within {_options.Timeout.TotalSeconds:0} s.");
        }
    }

    public void Dispose() => _http.Dispose();

    private void Record(object sender, X509Certificate? certificate)
    {
        var host = sender switch
        {
            HttpRequestMessage request => request.RequestUri?.Host,
            SslStream stream => stream.TargetHostName,
            _ => null,
        };
        if (host is not null && certificate is not null)
        {
            using var leaf = new X509Certificate2(certificate);
            _presented[host] = CertificateDescription.Of(leaf, []);
        }
    }

    private static PolicyFetch Fail(PolicyFetchOutcome outcome, string detail) => new(outcome, null, detail);

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MtaStsPolicyParser.MaxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total > MtaStsPolicyParser.MaxBytes ? null : buffer[..total];
    }

    private static async ValueTask<Stream> ConnectAsync(PolicyDns dns, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await dns.AddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        if (addresses.Records.Count == 0)
        {
            throw new HttpRequestException(addresses.Outcome == DnsOutcome.Failed
                ? $"address lookup failed ({addresses.Error})"
                : "the host has no A or AAAA record");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses.Records.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
