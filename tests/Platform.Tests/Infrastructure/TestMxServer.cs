using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A receiving MTA's front door on 127.0.0.1, as much of it as a TLS probe sees: banner, EHLO (with or without
/// STARTTLS), STARTTLS into a real TLS server (SslStream) whose certificate is chosen by SNI, EHLO again, QUIT. It
/// keeps every command it was sent, so tests can prove the probe never starts a mail transaction.
/// </summary>
public sealed class TestMxServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly X509Certificate2 _fallback;
    private int _connections;

    public TestMxServer()
    {
        Authority = new TestCertificateAuthority("TlsRptPlatform Test MX CA");
        _fallback = Authority.Issue("fallback.mx.test");
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>The CA whose certificates the platform trusts (through <c>MtaSts:AdditionalTrustedRoots</c>).</summary>
    public TestCertificateAuthority Authority { get; }

    /// <summary>Whether EHLO lists STARTTLS; all hosts share it, so tests that change it run one at a time (one class).</summary>
    public bool OfferStartTls { get; set; } = true;

    public int Connections => Volatile.Read(ref _connections);

    public IReadOnlyList<string> Commands => _commands.ToList();

    /// <summary>The certificate presented to clients that ask for <paramref name="host"/> by SNI.</summary>
    public void Present(string host, X509Certificate2 certificate) => _certificates[host] = certificate;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _fallback.Dispose();
        Authority.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                await WriteAsync(stream, "220 mx.test ESMTP ready");
                var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
                var secure = false;
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    _commands.Enqueue(line);
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await WriteAsync(stream, OfferStartTls && !secure
                                ? "250-mx.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME"
                                : "250-mx.test\r\n250 8BITMIME");
                            break;
                        case "STARTTLS" when OfferStartTls && !secure:
                            await WriteAsync(stream, "220 2.0.0 Ready to start TLS");
                            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                            {
                                ServerCertificateSelectionCallback = (_, name) => name is not null && _certificates.TryGetValue(name, out var c) ? c : _fallback,
                            }, _stop.Token);
                            stream = tls;
                            reader = new StreamReader(tls, Encoding.ASCII, false, 1024, leaveOpen: true);
                            secure = true;
                            break;
                        case "QUIT":
                            await WriteAsync(stream, "221 2.0.0 Bye");
                            return;
                        default:
                            await WriteAsync(stream, "502 5.5.1 Not implemented here");
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                // A probe that gave up, or the server stopping: nothing to answer.
            }
        }
    }

    private Task WriteAsync(Stream stream, string reply) => stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), _stop.Token).AsTask();
}
