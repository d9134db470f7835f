using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Reports;

namespace TlsRptPlatform.Api.Mail;

/// <summary>RCPT TO: only <c>&lt;reportToken&gt;@&lt;Smtp:ReportDomain&gt;</c> of a registered domain; anything else is 550 at once.</summary>
internal sealed class ReportRecipients(ReportTokenResolver resolver, IOptions<SmtpOptions> options) : IMailboxFilter
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
            || await resolver.ResolveAsync(TokenOf(to), cancellationToken) is null)
        {
            return false;
        }

        context.Properties[nameof(ReportRecipients)] = transaction + 1;
        return true;
    }
}
