using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TlsRptPlatform.Storage.Imports;

namespace TlsRptPlatform.Api.Imports;

/// <summary>
/// Runs this process's import jobs one after another (live deliveries come first; an import is history), keeps their
/// heartbeats going, and on shutdown marks what it still holds as interrupted and deletes the uploads.
/// </summary>
public sealed partial class ImportWorker(ImportQueue queue, ImportRunner runner, ImportStore store, ImportSpool spool, ILogger<ImportWorker> logger)
    : BackgroundService
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        spool.DeleteAbandoned();
        var heartbeat = BeatAsync(stoppingToken);
        try
        {
            await foreach (var job in queue.Waiting.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await runner.RunAsync(job, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex, job.Id);
                    await FinishQuietlyAsync(job, ImportStatus.Failed, "The import failed unexpectedly; the platform's log has the details.");
                }
                finally
                {
                    spool.Delete(job.SpoolPath);
                    queue.Release(job);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var job in queue.Held)
            {
                await FinishQuietlyAsync(job, ImportStatus.Interrupted, "The platform stopped before this import ran; upload the archive again.");
                spool.Delete(job.SpoolPath);
                queue.Release(job);
            }
        }

        await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task BeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var held = queue.Held.Select(j => j.Id).ToList();
            if (held.Count == 0)
            {
                continue;
            }

            try
            {
                await store.HeartbeatAsync(held, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHeartbeatFailed(logger, ex);
            }
        }
    }

    private async Task FinishQuietlyAsync(ImportJob job, ImportStatus status, string error)
    {
        try
        {
            var current = await store.FindAsync(job.Id, CancellationToken.None);
            await store.FinishAsync(job.Id, status, current?.Progress ?? ImportProgress.None, error, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The heartbeat stops with the process; readers then see the job as interrupted anyway.
            LogHeartbeatFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {Id} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import jobs could not be updated")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);
}
