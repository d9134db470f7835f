using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// Polls a mailbox (MailKit IMAP) for report mail: every <c>Imap:Interval</c> it takes the unseen messages of
/// <c>Imap:Folder</c>, ingests each like SMTP mail, and moves it to <c>Processed</c> only after its reports are
/// durable — or to <c>Failed</c> when it is refused for good. A temporary failure leaves it for the next poll.
/// </summary>
internal sealed partial class ImapPoller(
    IOptions<ImapOptions> options, IOptions<SmtpOptions> smtp, MailIntake intake, TimeProvider time, ILogger<ImapPoller> logger) : BackgroundService
{
    private const string Channel = IngestChannels.Imap;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Host))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(settings, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, ex, settings.Host);
            }

            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(ImapOptions settings, CancellationToken cancellationToken)
    {
        using var client = new ImapClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host!, settings.Port, settings.Security, cancellationToken);
        await client.AuthenticateAsync(settings.User ?? string.Empty, settings.Password ?? string.Empty, cancellationToken);
        var inbox = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var unseen = await inbox.SearchAsync(SearchQuery.NotSeen, cancellationToken);
        if (unseen.Count == 0)
        {
            await client.DisconnectAsync(true, cancellationToken);
            return;
        }

        var processed = await FolderAsync(client, settings.ProcessedFolder, cancellationToken);
        var failed = await FolderAsync(client, settings.FailedFolder, cancellationToken);
        var summaries = await inbox.FetchAsync(unseen.Take(settings.MaxMessagesPerPoll).ToList(), MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken);
        foreach (var summary in summaries)
        {
            if (summary.Size > smtp.Value.MaxMessageBytes)
            {
                LogRefused(logger, summary.UniqueId.Id, $"larger than Smtp:MaxMessageBytes ({summary.Size} bytes)");
                await inbox.MoveToAsync(summary.UniqueId, failed, cancellationToken);
                continue;
            }

            // MailKit fetches with BODY.PEEK: reading does not mark the message seen, so a crash leaves it unseen.
            using var message = await inbox.GetMessageAsync(summary.UniqueId, cancellationToken);
            var outcome = await intake.IngestAsync(message, Recipients(message, smtp.Value.ReportDomain), Channel, settings.Host, summary.Size ?? 0, cancellationToken);
            if (outcome.Stored)
            {
                await inbox.MoveToAsync(summary.UniqueId, processed, cancellationToken);
            }
            else if (outcome.Code >= 500)
            {
                LogRefused(logger, summary.UniqueId.Id, outcome.Text);
                await inbox.MoveToAsync(summary.UniqueId, failed, cancellationToken);
            }
        }

        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>Report addresses among the message's recipients; none when the mailbox is the operator's own address.</summary>
    private static List<string> Recipients(MimeMessage message, string reportDomain)
    {
        var addresses = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address)
            .Concat(new[] { "Delivered-To", "X-Original-To", "Envelope-To" }.SelectMany(h => message.Headers.Where(x => x.Field.Equals(h, StringComparison.OrdinalIgnoreCase)).Select(x => x.Value.Trim(' ', '<', '>'))));
        return addresses
            .Where(a => a.EndsWith("@" + reportDomain, StringComparison.OrdinalIgnoreCase))
            .Select(a => a[..a.IndexOf('@', StringComparison.Ordinal)].ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        try
        {
            return await root.GetSubfolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return await root.CreateAsync(name, isMessageFolder: true, cancellationToken)
                ?? throw new InvalidOperationException($"The IMAP server did not create the folder '{name}'.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the report mailbox on {Host} failed; trying again at the next interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report mail {Uid} moved to the failed folder: {Reason}")]
    private static partial void LogRefused(ILogger logger, uint uid, string reason);
}
