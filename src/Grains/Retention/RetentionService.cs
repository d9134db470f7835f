using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Grains.Retention;

/// <summary>
/// Prunes reports and aggregates past <see cref="RetentionOptions.Days"/>, and creates the archive's coming monthly
/// partitions (PostgreSQL) before reports need them. Idempotent, so every silo may run it.
/// </summary>
internal sealed partial class RetentionService(
    ReportStore reports, ReportPartitions partitions, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    private const int ReadyMonths = 13;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await PruneOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var cutoff = today.AddDays(-options.Value.Days);
        // The months reports arrive for (at most the last ReadyMonths of the retention window, a day of clock skew, the
        // next month) are made ready; an older month gets its partition once a report for it reached the default one.
        // A century of retention would otherwise mean 1,200 empty tables that every query without a day plans over.
        var ready = today.AddMonths(-ReadyMonths);
        await partitions.EnsureAsync(cutoff > ready ? cutoff : ready, today.AddMonths(1).AddDays(1), cancellationToken);
        await partitions.AdoptStrandedAsync(cutoff, cancellationToken);
        var removed = await reports.PruneBeforeAsync(cutoff, cancellationToken);
        LogPruned(logger, removed, cutoff);
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} reports from before {Cutoff}")]
    private static partial void LogPruned(ILogger logger, int count, DateOnly cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pruning failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
