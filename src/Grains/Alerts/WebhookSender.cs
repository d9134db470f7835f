using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Protocol.Alerts;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>
/// Posts signed alerts to webhooks. The host name is resolved through the platform's resolvers and every address is
/// checked against the SSRF guard right before connecting, so a name that later resolves to an internal address is
/// refused; no proxy, no redirects, a time-out, and the response body is never read.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly PolicyDns _dns;
    private readonly WebhookSecrets _secrets;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    public WebhookSender(PolicyDns dns, WebhookSecrets secrets, IOptions<AlertOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dns = dns;
        _secrets = secrets;
        _options = options.Value;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = _options.WebhookTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("TlsRptPlatform", "1.0"));
    }

    /// <summary>Delivers or throws <see cref="AlertDeliveryException"/> with what went wrong.</summary>
    public async Task SendAsync(AlertRecord alert, AlertChannelRecord channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var body = AlertMessage.WebhookBody(alert);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var secret = await _secrets.ForChannelAsync(channel.Id, cancellationToken);
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(secret, _time.GetUtcNow().ToUnixTimeSeconds(), body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AlertDeliveryException($"The webhook answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"The webhook could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException($"The webhook did not answer within {_options.WebhookTimeout.TotalSeconds:0} s.", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        IReadOnlyList<IPAddress> addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            var answer = await _dns.AddressesAsync(host, cancellationToken);
            addresses = answer.Records;
            if (addresses.Count == 0)
            {
                throw new HttpRequestException($"{host} has no address ({answer.Error ?? answer.Outcome.ToString()}).");
            }
        }

        var allowed = _options.AllowPrivateTargets ? addresses : addresses.Where(a => !NetworkTargets.IsForbidden(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"Refused: {host} resolves only to loopback, private or otherwise internal addresses.");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"{host}: {last?.Message}", last);
    }
}
