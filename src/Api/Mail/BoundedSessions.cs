using System.Net.Sockets;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// The SMTP listener's sockets, with the limits the SMTP library leaves to its host: at most <c>Smtp:MaxConnections</c>
/// sessions at once (more are answered 421), no more than <c>Smtp:MaxMessageBytes</c> buffered while a message or a
/// command is read (a sender that ignores SIZE is answered 552 and disconnected instead of filling memory), and
/// Nagle off, so that replies are not held back by delayed ACKs (about 40 ms per message otherwise).
/// </summary>
internal sealed class BoundedSessions(int maxConnections, long maxBufferedBytes) : IEndpointListenerFactory
{
    private readonly SemaphoreSlim _sessions = new(maxConnections, maxConnections);
    private readonly long _maxBufferedBytes = maxBufferedBytes;

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        ArgumentNullException.ThrowIfNull(endpointDefinition);
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        return new Listener(listener, this);
    }

    private sealed class Listener(TcpListener listener, BoundedSessions limits) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            if (!limits._sessions.Wait(0, CancellationToken.None))
            {
                var pipe = new SessionPipe(client, limits._maxBufferedBytes, release: null);
                await pipe.RefuseAsync("421 4.7.0 Too many connections; try again later.", cancellationToken);
                return pipe;
            }

            return new SessionPipe(client, limits._maxBufferedBytes, limits._sessions);
        }

        public void Dispose() => listener.Stop();
    }
}
