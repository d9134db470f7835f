using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Api.Ingestion;
using TlsRptPlatform.Api.Mail;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Protocol.Imports;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Text;
using TlsRptPlatform.Storage.Imports;

namespace TlsRptPlatform.Api.Imports;

/// <summary>
/// Runs one import: every item of the archive goes through the parser, limits and deduplication that deliveries go
/// through (e-mails through <see cref="MailIntake"/>, reports straight to the domain's grain), one at a time under the
/// ingestion budget. Not rate limited like senders: it is the tenant's own data, and one item at a time is its pace.
/// </summary>
public sealed partial class ImportRunner(
    MailIntake mail, IGrainFactory grains, ImportStore store, IOptions<ReportLimits> reportLimits, IOptions<ImportOptions> options,
    IngestionBudget budget, TimeProvider time, ILogger<ImportRunner> logger)
{
    private const int MaxDetailLength = 500;

    /// <summary>How often progress is written while items are read.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long one item is retried while the platform is busy or the store is away before the job gives up.</summary>
    private static readonly TimeSpan MaxTransientWait = TimeSpan.FromMinutes(5);

    public async Task RunAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var tally = new ImportTally();
        long position = 0;
        var limits = new ArchiveLimits(reportLimits.Value, options.Value.MaxMessageBytes, options.Value.MaxItems);
        try
        {
            await using var file = new FileStream(job.SpoolPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            await ReportProgressAsync(job, tally.Snapshot(0), cancellationToken);
            var lastWrite = Stopwatch.GetTimestamp();
            foreach (var item in ArchiveReader.Read(file, job.Format, limits))
            {
                using (item.Message)
                {
                    await WithRetriesAsync(() => IngestAsync(job, item, tally, cancellationToken), cancellationToken);
                }

                position = item.Position;
                if (Stopwatch.GetElapsedTime(lastWrite) >= ProgressInterval)
                {
                    await ReportProgressAsync(job, tally.Snapshot(position), cancellationToken);
                    lastWrite = Stopwatch.GetTimestamp();
                }
            }

            await store.FinishAsync(job.Id, ImportStatus.Completed, tally.Snapshot(file.Length), null, CancellationToken.None);
            LogFinished(logger, job.Id, job.Domain, tally.Accepted, tally.Duplicates, tally.Refused);
        }
        catch (ImportStoppedException ex)
        {
            await store.FinishAsync(job.Id, ImportStatus.Failed, tally.Snapshot(position), ex.Message, CancellationToken.None);
        }
        catch (ArchiveFormatException ex)
        {
            await store.FinishAsync(job.Id, ImportStatus.Failed, tally.Snapshot(position), ex.Message, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await store.FinishAsync(job.Id, ImportStatus.Interrupted, tally.Snapshot(position), "The platform stopped during the import; upload the archive again to finish it (what was imported is counted once).", CancellationToken.None);
        }
    }

    /// <summary>Progress is for people watching; a store that cannot take it right now must not stop the import.</summary>
    private async Task ReportProgressAsync(ImportJob job, ImportProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            await store.ProgressAsync(job.Id, progress, cancellationToken);
        }
        catch (System.Data.Common.DbException ex)
        {
            LogProgressFailed(logger, ex, job.Id);
        }
    }

    private async Task IngestAsync(ImportJob job, ArchiveItem item, ImportTally tally, CancellationToken cancellationToken)
    {
        if (item.Problem is { } problem)
        {
            tally.Refuse(item.Name, Slug(problem), problem.Message);
        }
        else if (item.Message is { } message)
        {
            await IngestMailAsync(job, item.Name, message, tally, cancellationToken);
        }
        else
        {
            await IngestReportAsync(job, item.Name, item.Report!, tally, cancellationToken);
        }
    }

    private async Task IngestMailAsync(ImportJob job, string name, MimeMessage message, ImportTally tally, CancellationToken cancellationToken)
    {
        var outcome = await mail.IngestAsync(message, [job.ReportToken], IngestChannels.Import, null, 0, cancellationToken);
        if (outcome.Code / 100 == 4)
        {
            throw new IngestionBusyException(TimeSpan.FromSeconds(1));
        }

        if (outcome.Reason == "unknown-report-token")
        {
            throw new ImportStoppedException($"{job.Domain} is no longer registered; the import stopped.");
        }

        tally.Accept(outcome.Accepted, outcome.Duplicates);
        if (!outcome.Stored)
        {
            var reason = outcome.Reason ?? "refused";
            var prefix = reason + ": ";
            var detail = outcome.Text.StartsWith(prefix, StringComparison.Ordinal) ? outcome.Text[prefix.Length..] : outcome.Text;
            tally.Refuse(name, reason, Excerpt.Of(detail, MaxDetailLength));
        }
    }

    private async Task IngestReportAsync(ImportJob job, string name, byte[] body, ImportTally tally, CancellationToken cancellationToken)
    {
        var limits = reportLimits.Value;
        byte[] json;
        using var lease = budget.Lease();
        try
        {
            await lease.GrowAsync(ReportBody.ExpectedJsonBytes(body, limits), cancellationToken);
            json = ReportBody.ToJson(body, limits, lease.Adjust);
        }
        catch (ReportFormatException ex)
        {
            tally.Refuse(name, Slug(ex), Excerpt.Of(ex.Message, MaxDetailLength));
            return;
        }

        var result = await grains.GetGrain<IDomainGrain>(job.Domain)
            .IngestAsync(new IngestRequest(job.ReportToken, json, IngestChannels.Import, time.GetUtcNow(), null, null, null));
        switch (result.Outcome)
        {
            case IngestOutcome.Accepted:
                tally.Accept(1, 0);
                break;
            case IngestOutcome.Duplicate:
                tally.Accept(0, 1);
                break;
            case IngestOutcome.Rejected:
                tally.Refuse(name, ProblemTypes.Slug(result.Problem!.Kind), Excerpt.Of($"{result.Problem.Detail} ({result.Problem.Path})", MaxDetailLength));
                break;
            default:
                throw new ImportStoppedException($"{job.Domain} is no longer registered; the import stopped.");
        }
    }

    /// <summary>
    /// Retries an item while the platform is busy or the store is away (the item is deduplicated, so a retry after a
    /// lost answer counts it once); gives the job up after <see cref="MaxTransientWait"/>.
    /// </summary>
    private async Task WithRetriesAsync(Func<Task> attempt, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or ImportStoppedException or ArchiveFormatException))
            {
                if (Stopwatch.GetElapsedTime(started) > MaxTransientWait)
                {
                    throw new ImportStoppedException($"The platform could not store reports for {MaxTransientWait.TotalMinutes:0} minutes ({ex.GetType().Name}); the import stopped. Upload the archive again: what was imported is counted once.");
                }

                LogRetrying(logger, ex);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
            }
        }
    }

    private static string Slug(ReportFormatException ex) => ProblemTypes.Slug(ProblemTypes.KindOf(ex.Kind));

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {Id} for {Domain} finished: {Accepted} accepted, {Duplicates} duplicates, {Refused} refused")]
    private static partial void LogFinished(ILogger logger, string id, string domain, long accepted, long duplicates, long refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Progress of import {Id} could not be recorded")]
    private static partial void LogProgressFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An import item could not be stored yet; retrying")]
    private static partial void LogRetrying(ILogger logger, Exception exception);
}
