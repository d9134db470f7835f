using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Protocol.Smtp;
using TlsRptPlatform.Protocol.Tls;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>
/// One SMTP dialogue with one address of an MX host, as a sending MTA begins it: banner, EHLO, STARTTLS, TLS handshake
/// (SNI = the MX host, RFC 7672 §8.1), QUIT. It never sends MAIL FROM: no message is ever sent (DESIGN D11). Every
/// step is bounded by <see cref="MxProbeOptions.Timeout"/> and every reply by <see cref="SmtpReplyReader"/>'s limits.
/// </summary>
internal sealed class SmtpTlsProbe(CertificateTrust trust, MxProbeOptions options, string ehloName)
{
    public async Task<MxAddressProbe> ProbeAsync(
        string host, IPAddress address, IReadOnlyList<TlsaAssociation> tlsa, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new MxAddressProbe(address.ToString(), false, null, null, null, null, null, null, null, null, null);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await StepAsync("connect", t => socket.ConnectAsync(new IPEndPoint(address, options.Port), t).AsTask(), cancellationToken);
            await using var network = new NetworkStream(socket, ownsSocket: false);
            var reader = new SmtpReplyReader(network);
            var banner = await StepAsync("banner", reader.ReadAsync, cancellationToken);
            if (banner.Code != 220)
            {
                return result with { Error = $"The server greeted with {banner.Code} instead of 220." };
            }

            result = result with { Reachable = true };
            var ehlo = await CommandAsync(network, reader, $"EHLO {ehloName}", "EHLO", cancellationToken);
            if (ehlo.Code != 250)
            {
                return result with { Error = $"EHLO was answered {ehlo.Code}." };
            }

            if (!ehlo.HasExtension("STARTTLS"))
            {
                result = result with { StartTls = false };
                await QuitPolitelyAsync(network, reader, cancellationToken);
                return result;
            }

            result = result with { StartTls = true };
            var ready = await CommandAsync(network, reader, "STARTTLS", "STARTTLS", cancellationToken);
            if (ready.Code != 220)
            {
                return result with { Error = $"STARTTLS is offered but was answered {ready.Code}." };
            }

            if (reader.HasBufferedInput)
            {
                return result with { Error = "The server sent data after its 220 to STARTTLS, before the TLS handshake (RFC 3207 §5)." };
            }

            return await HandshakeAsync(result, host, network, tlsa, now, cancellationToken);
        }
        catch (ProbeStepException ex)
        {
            return result with { Error = ex.Message };
        }
    }

    private async Task<MxAddressProbe> HandshakeAsync(
        MxAddressProbe result, string host, NetworkStream network, IReadOnlyList<TlsaAssociation> tlsa, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var capture = new HandshakeCapture(trust);
        await using var tls = new SslStream(network, leaveInnerStreamOpen: true, capture.Validate);
        await StepAsync("TLS handshake", t => tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        }, t), cancellationToken);

        using var leaf = capture.Leaf;
        var certificate = leaf is null ? null : CertificateDescription.Of(leaf, capture.ChainSubjects);
        result = result with
        {
            TlsVersion = VersionName(tls.SslProtocol),
            Cipher = tls.NegotiatedCipherSuite.ToString(),
            Certificate = certificate,
            Trusted = leaf is not null && capture.Trusted,
            NameMatches = leaf is not null && CertificateNames.Matches(host, certificate!.DnsNames, leaf.GetNameInfo(X509NameType.SimpleName, false)),
            DaysUntilExpiry = certificate is null ? null : CertificateDescription.DaysUntilExpiry(certificate, now),
            Dane = TlsaMatcher.Match(tlsa, capture.Chain) switch
            {
                TlsaMatch.Match => "match",
                TlsaMatch.Mismatch => "mismatch",
                _ => null,
            },
        };

        await QuitPolitelyAsync(tls, new SmtpReplyReader(tls), cancellationToken);
        return result;
    }

    private async Task<SmtpReply> CommandAsync(Stream stream, SmtpReplyReader reader, string command, string step, CancellationToken cancellationToken)
    {
        await StepAsync(step, t => stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), t).AsTask(), cancellationToken);
        return await StepAsync($"the reply to {step}", reader.ReadAsync, cancellationToken);
    }

    /// <summary>QUIT is a courtesy; what the probe came for is recorded whatever the answer.</summary>
    private async Task QuitPolitelyAsync(Stream stream, SmtpReplyReader reader, CancellationToken cancellationToken)
    {
        try
        {
            await CommandAsync(stream, reader, "QUIT", "QUIT", cancellationToken);
        }
        catch (ProbeStepException)
        {
        }
    }

    private Task StepAsync(string step, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        StepAsync(step, async t =>
        {
            await action(t);
            return true;
        }, cancellationToken);

    /// <summary>Runs one step within the time-out and turns every way it can fail into a sentence about that step.</summary>
    private async Task<T> StepAsync<T>(string step, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            return await action(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProbeStepException($"No answer within {options.Timeout.TotalSeconds:0} s at {step}.");
        }
        catch (SocketException ex)
        {
            throw new ProbeStepException($"{Capitalized(step)} failed: {ex.SocketErrorCode}.", ex);
        }
        catch (IOException ex)
        {
            throw new ProbeStepException($"The connection broke at {step}: {ex.Message}", ex);
        }
        catch (AuthenticationException ex)
        {
            throw new ProbeStepException($"The TLS handshake failed: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (SmtpReplyException ex)
        {
            throw new ProbeStepException($"Unusable SMTP at {step}: {ex.Message}", ex);
        }
    }

    private static string? VersionName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.None => null,
#pragma warning disable SYSLIB0039 // Naming obsolete versions is the point: the judge reports them.
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
#pragma warning restore SYSLIB0039
        _ => protocol.ToString(),
    };

    private static string Capitalized(string step) => char.ToUpperInvariant(step[0]) + step[1..];
}
