using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Storage.Audit;

namespace TlsRptPlatform.Api.Audit;

/// <summary>Deletes audit events older than <c>Audit:RetentionDays</c>. Idempotent, so every process may run it.</summary>
public sealed partial class AuditRetention(AuditStore store, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
                var removed = await store.PruneAsync(cutoff, stoppingToken);
                LogPruned(logger, removed, cutoff);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit retention removed {Count} events from before {Cutoff}")]
    private static partial void LogPruned(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit pruning failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
