using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SmtpServer.IO;
using TlsRptPlatform.Api.Ingestion;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// One SMTP connection as the SMTP library reads and writes it, with STARTTLS and a cap on buffered input. What the
/// session holds buffered (a message arriving in DATA) counts against the process-wide <see cref="IngestionBudget"/>:
/// when the budget has no room the sender is told 451 and disconnected, instead of many sessions filling memory.
/// </summary>
internal sealed class SessionPipe : ISecurableDuplexPipe
{
    private readonly TcpClient _client;
    private readonly long _maxBufferedBytes;
    private readonly ConnectionQuota.Lease _lease;
    private readonly IngestionLease _buffered;
    private Stream _stream;
    private PipeReader _input;
    private int _disposed;

    /// <param name="lease">The session's place in the <see cref="ConnectionQuota"/>, given back when the pipe is disposed.</param>
    public SessionPipe(TcpClient client, long maxBufferedBytes, ConnectionQuota.Lease lease, IngestionBudget budget)
    {
        _client = client;
        _buffered = budget.Lease();
        _maxBufferedBytes = maxBufferedBytes;
        _lease = lease;
        _stream = client.GetStream();
        _input = PipeReader.Create(_stream);
        Output = PipeWriter.Create(_stream);
    }

    /// <summary>Once set, the session reads end-of-stream and ends.</summary>
    public bool Closed { get; private set; }

    public PipeReader Input => new BoundedReader(this);

    public PipeWriter Output { get; private set; }

    public bool IsSecure => _stream is SslStream;

    public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

    public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocols, ClientCertificateRequired = false },
                cancellationToken);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }

        _stream = tls;
        _input = PipeReader.Create(_stream);
        Output = PipeWriter.Create(_stream);
    }

    /// <summary>Answers with <paramref name="reply"/> and ends the session.</summary>
    private async Task RefuseAsync(string reply, CancellationToken cancellationToken)
    {
        Closed = true;
        await Output.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lease.Dispose();
            _buffered.Dispose();
            _stream.Dispose();
            _client.Dispose();
        }
    }

    private sealed class BoundedReader(SessionPipe pipe) : PipeReader
    {
        private const long BudgetStep = 64 * 1024;
        private static readonly ReadResult End = new(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);

        public override void AdvanceTo(SequencePosition consumed) => pipe._input.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => pipe._input.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => pipe._input.CancelPendingRead();

        public override void Complete(Exception? exception = null) => pipe._input.Complete(exception);

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (pipe.Closed)
            {
                return End;
            }

            var result = await pipe._input.ReadAsync(cancellationToken);
            if (result.Buffer.Length > pipe._maxBufferedBytes)
            {
                pipe._input.AdvanceTo(result.Buffer.End);
                await pipe.RefuseAsync("552 5.3.4 Message too big; closing the connection.", cancellationToken);
                throw new InvalidOperationException("The client sent more than the message size limit.");
            }

            try
            {
                // Whole 64 KiB steps: a session reading commands does not touch the budget's lock on every line.
                var held = (result.Buffer.Length + BudgetStep - 1) / BudgetStep * BudgetStep;
                if (!pipe._lease.TryBuffer(held))
                {
                    throw new IngestionBusyException(TimeSpan.FromMinutes(1));
                }

                pipe._buffered.Resize(held);
            }
            catch (IngestionBusyException)
            {
                pipe._input.AdvanceTo(result.Buffer.End);
                await pipe.RefuseAsync("451 4.3.1 The platform is busy with other reports; try again later.", cancellationToken);
                throw new InvalidOperationException("The ingestion memory budget has no room for this session's input.");
            }

            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (pipe.Closed)
            {
                result = End;
                return true;
            }

            return pipe._input.TryRead(out result);
        }
    }
}
