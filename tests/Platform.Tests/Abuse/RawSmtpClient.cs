using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// SMTP at the socket level, from a chosen loopback address (all of 127/8 is loopback on Linux): for what MailKit will
/// not send (a malformed SIZE) or does not show (what exactly arrives before the listener closes).
/// </summary>
internal sealed class RawSmtpClient : IDisposable
{
    // Every read is bounded, so that a listener that keeps quiet fails the test instead of hanging it.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient _tcp;
    private Stream _stream;
    private StreamReader _reader;

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public static async Task<RawSmtpClient> ConnectAsync(string localAddress, int port)
    {
        // The listener starts in the background with the platform: the first test may be a moment early.
        for (var attempt = 1; ; attempt++)
        {
            var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            try
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return new RawSmtpClient(tcp);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused && attempt < 50)
            {
                tcp.Dispose();
                await Task.Delay(200);
            }
        }
    }

    /// <summary>The next reply, every line of a multi-line one joined by '\n'; null when the listener closed the connection.</summary>
    public async Task<string?> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var lines = new List<string>();
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join('\n', lines);
            }
        }

        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    /// <summary>Everything the listener sends until it closes the connection.</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return await _reader.ReadToEndAsync(timeout.Token);
    }

    public async Task<string?> CommandAsync(string command)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        await _stream.FlushAsync();
        return await ReadReplyAsync();
    }

    /// <summary>TLS over the connection after a <c>220</c> to STARTTLS, with only <paramref name="protocols"/> allowed; returns what was negotiated.</summary>
    public async Task<SslProtocols> UpgradeAsync(SslProtocols protocols, string expectedSubject)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate?.Subject == expectedSubject);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "reports.example.net", EnabledSslProtocols = protocols });
        _stream = tls;
        _reader = new StreamReader(tls, Encoding.ASCII);
        return tls.SslProtocol;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
        _tcp.Dispose();
    }
}
