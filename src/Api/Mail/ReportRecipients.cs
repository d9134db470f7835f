using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Reports;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// RCPT TO: only <c>&lt;reportToken&gt;@&lt;Smtp:ReportDomain&gt;</c> of a registered domain; anything else is 550 at once.
/// When the store cannot be asked, 451: the sender keeps the message and tries again.
/// </summary>
internal sealed partial class ReportRecipients(ReportTokenResolver resolver, IOptions<SmtpOptions> options, ILogger<ReportRecipients> logger) : IMailboxFilter
{
    public static string TokenOf(IMailbox mailbox) => mailbox.User.ToLowerInvariant();

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(to);
        var settings = options.Value;
        var transaction = context.Properties.TryGetValue(nameof(ReportRecipients), out var count) ? (int)count : 0;
        if (!string.Equals(to.Host, settings.ReportDomain, StringComparison.OrdinalIgnoreCase) || transaction >= settings.MaxRecipients
            || await ResolveAsync(TokenOf(to), cancellationToken) is null)
        {
            return false;
        }

        context.Properties[nameof(ReportRecipients)] = transaction + 1;
        return true;
    }

    private async Task<string?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            return await resolver.ResolveAsync(token, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left to the library, the exception ends the session without a reply: a sender takes the lost connection
            // for a broken host (Postfix throttles all mail to it) and is never told to try again later.
            LogLookupFailed(logger, ex);
            throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)451, "4.3.0 The report address cannot be checked right now; try again later."));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A report address could not be looked up; answered 451 to RCPT")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception);
}
