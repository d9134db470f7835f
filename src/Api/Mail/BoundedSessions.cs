using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// Per-connection limits the SMTP library does not enforce: at most <c>Smtp:MaxConnections</c> sessions at once (more
/// are answered 421), and no more than <c>Smtp:MaxMessageBytes</c> buffered while a message or command is read — a
/// sender that ignores SIZE is answered 552 and disconnected instead of filling memory.
/// </summary>
internal sealed class BoundedSessions(int maxConnections, long maxBufferedBytes) : EndpointListenerFactory
{
    private readonly SemaphoreSlim _sessions = new(maxConnections, maxConnections);
    private readonly long _maxBufferedBytes = maxBufferedBytes;

    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) =>
        new Listener(base.CreateListener(endpointDefinition), this);

    private sealed class Listener(IEndpointListener inner, BoundedSessions limits) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var pipe = await inner.GetPipeAsync(context, cancellationToken);
            if (!limits._sessions.Wait(0, CancellationToken.None))
            {
                await pipe.Output.WriteAsync(Encoding.ASCII.GetBytes("421 4.7.0 Too many connections; try again later.\r\n"), cancellationToken);
                return new BoundedPipe(pipe, limits._maxBufferedBytes, release: null, closed: true);
            }

            return new BoundedPipe(pipe, limits._maxBufferedBytes, limits._sessions, closed: false);
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class BoundedPipe(ISecurableDuplexPipe inner, long limit, SemaphoreSlim? release, bool closed) : ISecurableDuplexPipe
    {
        private int _disposed;

        public bool Closed { get; set; } = closed;

        public PipeReader Input => new BoundedReader(inner.Input, this, limit);

        public PipeWriter Output => inner.Output;

        public bool IsSecure => inner.IsSecure;

        public SslProtocols SslProtocol => inner.SslProtocol;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            inner.UpgradeAsync(certificate, protocols, cancellationToken);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                release?.Release();
                inner.Dispose();
            }
        }
    }

    private sealed class BoundedReader(PipeReader inner, BoundedPipe pipe, long limit) : PipeReader
    {
        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (pipe.Closed)
            {
                return new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
            }

            var result = await inner.ReadAsync(cancellationToken);
            if (result.Buffer.Length <= limit)
            {
                return result;
            }

            pipe.Closed = true;
            inner.AdvanceTo(result.Buffer.End);
            await pipe.Output.WriteAsync(Encoding.ASCII.GetBytes("552 5.3.4 Message too big; closing the connection.\r\n"), cancellationToken);
            throw new InvalidOperationException("The client sent more than the message size limit.");
        }

        public override bool TryRead(out ReadResult result)
        {
            if (pipe.Closed)
            {
                result = new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
                return true;
            }

            return inner.TryRead(out result);
        }
    }
}
