using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using SmtpServer;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Api.Hosting;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace TlsRptPlatform.Api.Mail;

/// <summary>End of DATA: ingest the message, and answer 250 only when its reports are durable.</summary>
internal sealed partial class ReportMailStore(MailIntake intake, StorageFullAlarm storageFull, ILogger<ReportMailStore> logger) : MessageStore
{
    private const string Channel = IngestChannels.Smtp;
    private const int MaxReplyText = 400;

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        context.Properties.Remove(nameof(ReportRecipients));
        var source = context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var remote) ? (remote as IPEndPoint)?.Address.ToString() : null;
        var tokens = transaction.To.Select(ReportRecipients.TokenOf).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            using var raw = new MemoryStream(buffer.ToArray(), writable: false);
            var outcome = await intake.IngestAsync(raw, tokens, Channel, source, cancellationToken);
            var text = $"{outcome.EnhancedCode} {outcome.Text}".ReplaceLineEndings(" ");
            return new SmtpResponse((SmtpReplyCode)outcome.Code, text.Length > MaxReplyText ? text[..MaxReplyText] : text);
        }
        catch (Exception ex) when (TransientFailures.IsStorageFull(ex))
        {
            storageFull.Raise(ex);
            return new SmtpResponse((SmtpReplyCode)451, "4.3.1 storage-full: the platform's storage is full right now; try again later.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store or a silo is unavailable: a temporary failure, so that the sender tries again later.
            LogFailed(logger, ex);
            return new SmtpResponse((SmtpReplyCode)451, "4.3.0 The report could not be stored right now; try again later.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A report e-mail could not be stored; answered 451")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
