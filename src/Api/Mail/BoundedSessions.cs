using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using TlsRptPlatform.Api.Ingestion;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// The SMTP listener's sockets, with the limits the SMTP library leaves to its host: sessions admitted by a
/// <see cref="ConnectionQuota"/> (the others are answered 421 and closed before the library sees them, so they never get
/// a 220 greeting), no more than <c>Smtp:MaxMessageBytes</c> buffered while a message or a command is read (a sender
/// that ignores SIZE is answered 552 and disconnected instead of filling memory), buffered input counted against the
/// ingestion budget, and Nagle off, so that replies are
/// not held back by delayed ACKs (about 40 ms per message otherwise).
/// </summary>
/// <param name="socket">The listening socket, bound by the host before start-up completes; the library's endpoint is ignored.</param>
internal sealed class BoundedSessions(ConnectionQuota quota, long maxBufferedBytes, IngestionBudget budget, TcpListener socket) : IEndpointListenerFactory
{
    // A refused client that does not read its 421 must not hold the socket for long.
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(5);

    private readonly ConnectionQuota _quota = quota;
    private readonly long _maxBufferedBytes = maxBufferedBytes;
    private readonly IngestionBudget _budget = budget;

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        ArgumentNullException.ThrowIfNull(endpointDefinition);
        return new Listener(socket, this);
    }

    private static async Task RefuseAsync(TcpClient client, string reply)
    {
        using (client)
        {
            using var timeout = new CancellationTokenSource(RefusalTimeout);
            try
            {
                await client.Client.SendAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), SocketFlags.None, timeout.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or would not read: closing is all that is left to do.
            }
        }
    }

    private sealed class Listener(TcpListener listener, BoundedSessions limits) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                if (client.Client.RemoteEndPoint is not IPEndPoint remote)
                {
                    client.Dispose();
                    continue;
                }

                var admission = limits._quota.TryAdmit(remote.Address);
                if (admission.Lease is null)
                {
                    // Not awaited: the next client is accepted while this one gets its 421.
                    _ = RefuseAsync(client, admission.Refusal!);
                    continue;
                }

                context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
                context.Properties[EndpointListener.RemoteEndPointKey] = remote;
                return new SessionPipe(client, limits._maxBufferedBytes, admission.Lease, limits._budget);
            }
        }

        public void Dispose() => listener.Stop();
    }
}
