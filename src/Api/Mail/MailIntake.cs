using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Api.Ingestion;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Api.Reports;
using TlsRptPlatform.Protocol.Domains;
using TlsRptPlatform.Protocol.Mail;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Storage.Domains;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// Ingests one report e-mail for its report-address recipients — from the SMTP listener or the IMAP poller — with
/// the same parser, limits and grains as HTTPS. The outcome says whether every report is durable; only then may the
/// caller acknowledge the message (SMTP 250, IMAP move to Processed).
/// </summary>
public sealed class MailIntake(
    ReportTokenResolver resolver, DomainStore domains, IGrainFactory grains, DkimVerdict dkim, IOptions<ReportLimits> limits,
    IngestionBudget budget, IngestionMetrics metrics, TimeProvider time)
{
    public async Task<MailOutcome> IngestAsync(Stream raw, IReadOnlyList<string> tokens, string channel, string? source, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(raw, cancellationToken);
        }
        catch (FormatException ex)
        {
            return Refused(channel, 554, "5.6.0", "malformed-report", $"The message is not a MIME message: {ex.Message}");
        }

        using (message)
        {
            return await IngestAsync(message, tokens, channel, source, raw.CanSeek ? raw.Length : 0, cancellationToken);
        }
    }

    /// <param name="tokens">
    /// The report addresses the message was sent to. Empty for a mailbox that collects reports under its own address:
    /// each report then goes to the registered domain its policy-domain names.
    /// </param>
    /// <remarks>
    /// Report parts are decoded, inflated and stored one at a time, each under the process-wide ingestion budget, so
    /// a message of twenty bombs costs the memory of one.
    /// </remarks>
    public async Task<MailOutcome> IngestAsync(MimeMessage message, IReadOnlyList<string> tokens, string channel, string? source, long size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(tokens);
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<MimePart> parts;
        try
        {
            parts = ReportMail.Parts(message);
        }
        catch (ReportFormatException ex)
        {
            return await RefuseAsync(tokens, ex, channel, source, size);
        }

        var recipients = new List<(string Token, string Domain)>(tokens.Count);
        foreach (var token in tokens)
        {
            if (await resolver.ResolveAsync(token, cancellationToken) is not { } domain)
            {
                return Refused(channel, 550, "5.1.1", "unknown-report-token", $"<{token}@…> is not a report address.");
            }

            recipients.Add((token, domain));
        }

        var submitter = ReportMail.Submitter(message);
        var verdict = await dkim.VerifyAsync(message, cancellationToken);
        var ids = new List<long>();
        var duplicates = 0;
        foreach (var part in parts)
        {
            using var lease = budget.Lease();
            byte[] json;
            try
            {
                json = await InflateAsync(part, lease, cancellationToken);
            }
            catch (ReportFormatException ex)
            {
                return Partial(await RefuseAsync(recipients.Select(r => r.Token).ToList(), ex, channel, source, size, ids.Count));
            }
            catch (IngestionBusyException ex)
            {
                metrics.Rejected(channel, "ingestion-busy");
                return Partial(new MailOutcome(false, 451, "4.3.1", $"ingestion-busy: {ex.Message}{StoredSoFar(ids.Count)}") { Reason = "ingestion-busy" });
            }

            if (recipients.Count == 0)
            {
                var routed = await RouteByPolicyDomainAsync(json, cancellationToken);
                if (routed is null)
                {
                    return Partial(Refused(channel, 550, "5.1.1", "unknown-report-token", "The report is not about a registered domain, and the message was not sent to a report address."));
                }

                recipients.Add(routed.Value);
            }

            foreach (var (token, domain) in recipients)
            {
                var result = await grains.GetGrain<IDomainGrain>(domain).IngestAsync(
                    new IngestRequest(token, json, channel, time.GetUtcNow(), submitter, verdict, source));
                switch (result.Outcome)
                {
                    case IngestOutcome.Accepted or IngestOutcome.Duplicate:
                        metrics.Accepted(channel, result.Outcome == IngestOutcome.Duplicate, Stopwatch.GetElapsedTime(started));
                        ids.Add(result.ReportId!.Value);
                        duplicates += result.Outcome == IngestOutcome.Duplicate ? 1 : 0;
                        break;
                    case IngestOutcome.TryLater:
                        metrics.Rejected(channel, "dkim-temperror");
                        return Partial(new MailOutcome(false, 451, "4.4.3", $"dkim-temperror: {domain} requires a passing DKIM signature, and this message's could not be checked now (its key's lookup failed); try again later.{StoredSoFar(ids.Count)}") { Reason = "dkim-temperror" });
                    case IngestOutcome.Rejected:
                        var slug = ProblemTypes.Slug(result.Problem!.Kind);
                        metrics.Rejected(channel, slug);
                        return Partial(new MailOutcome(false, 550, "5.6.0", $"{slug}: {result.Problem.Detail} ({result.Problem.Path}){StoredSoFar(ids.Count)}") { Reason = slug });
                    default:
                        return Partial(Refused(channel, 550, "5.1.1", "unknown-report-token", $"<{token}@…> is not a report address."));
                }
            }
        }

        return Partial(new MailOutcome(true, 250, "2.6.0", $"{ids.Count} report(s) stored: {string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))}"));

        MailOutcome Partial(MailOutcome outcome) => outcome with { Accepted = ids.Count - duplicates, Duplicates = duplicates };
    }

    /// <summary>Decodes and inflates one report part, reserving its bytes in the lease before they are allocated.</summary>
    private async Task<byte[]> InflateAsync(MimePart part, IngestionLease lease, CancellationToken cancellationToken)
    {
        var settings = limits.Value;
        // The decoded body is at most about 3/4 of the part's transfer-encoded text; reserve that before decoding.
        await lease.GrowAsync(Math.Min(EncodedLength(part), settings.MaxCompressedBytes + 1), cancellationToken);
        var body = ReportMail.Body(part, settings);
        if (ReportBody.IsGzip(body))
        {
            await lease.GrowAsync(ReportBody.ExpectedJsonBytes(body, settings), cancellationToken);
        }

        return ReportBody.ToJson(body, settings, lease.Adjust);
    }

    private static long EncodedLength(MimePart part) =>
        part.Content?.Stream is { CanSeek: true } stream ? stream.Length : 64 * 1024;

    private static string StoredSoFar(int count) => count == 0 ? string.Empty : $" ({count} earlier report(s) of this message were stored)";

    private async Task<MailOutcome> RefuseAsync(IReadOnlyList<string> tokens, ReportFormatException ex, string channel, string? source, long size, int stored = 0)
    {
        var kind = ProblemTypes.KindOf(ex.Kind);
        await RecordAsync(tokens, new Rejection(time.GetUtcNow(), kind, ex.Path, ex.Message, channel, source, size));
        return Refused(
            channel, kind == ProblemKind.ReportTooLarge ? 552 : 550, kind == ProblemKind.ReportTooLarge ? "5.3.4" : "5.6.0",
            ProblemTypes.Slug(kind), ex.Message + StoredSoFar(stored));
    }

    private async Task<(string Token, string Domain)?> RouteByPolicyDomainAsync(byte[] json, CancellationToken cancellationToken)
    {
        TlsReport report;
        try
        {
            report = TlsReportReader.Parse(json, limits.Value);
        }
        catch (ReportFormatException)
        {
            return null;
        }

        foreach (var reported in report.Policies.Select(p => p.PolicyDomain).OfType<string>())
        {
            if (DomainName.TryNormalize(reported, out var name, out _) && await domains.FindAsync(name, cancellationToken) is { } domain)
            {
                return (domain.ReportToken, domain.Name);
            }
        }

        return null;
    }

    private async Task RecordAsync(IReadOnlyList<string> tokens, Rejection rejection)
    {
        foreach (var token in tokens)
        {
            if (await resolver.ResolveAsync(token, CancellationToken.None) is { } domain)
            {
                await grains.GetGrain<IDomainGrain>(domain).RecordRejectionAsync(token, rejection);
            }
        }
    }

    private MailOutcome Refused(string channel, int code, string enhanced, string reason, string detail)
    {
        metrics.Rejected(channel, reason);
        return new MailOutcome(false, code, enhanced, $"{reason}: {detail}") { Reason = reason };
    }
}
