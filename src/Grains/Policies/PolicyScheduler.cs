using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Storage.Domains;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>
/// The policy recheck scheduler (DESIGN D5), on every silo. Due times live in SQL (<c>domains.next_check_at</c>) and
/// each silo claims due domains with a lease, so schedules survive restarts on every store and keep running on the
/// survivors when a silo dies — there is no singleton to fail over. At most
/// <see cref="PolicyScheduleOptions.MaxConcurrentChecks"/> checks run at once per silo.
/// </summary>
internal sealed partial class PolicyScheduler(
    DomainStore domains, IGrainFactory grains, IOptions<PolicyScheduleOptions> options, TimeProvider time, ILogger<PolicyScheduler> logger)
    : SiloLoop(logger)
{
    protected override bool Enabled => options.Value.Enabled;

    protected override Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(options.Value.SchedulerTick, time, cancellationToken);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var batch = settings.MaxConcurrentChecks * 4;
        // The lease covers a batch's worst case; a check that finishes sets the real next due time.
        var due = await domains.ClaimDueChecksAsync(now, now.AddMinutes(15), batch, cancellationToken);
        if (due.Count == 0)
        {
            return false;
        }

        using var gate = new SemaphoreSlim(settings.MaxConcurrentChecks);
        await Task.WhenAll(due.Select(async name =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await grains.GetGrain<IPolicyCheckGrain>(name).CheckAsync(tenantId: null, scheduled: true);
                // The probe grain probes only when the last probe is older than MxProbe:Interval or the MX set changed.
                await grains.GetGrain<IMxProbeGrain>(name).ProbeAsync(force: false);
                // Readiness reads the check and the probe just made: enforce-ready and the guard after a switch.
                await grains.GetGrain<IMtaStsGrain>(name).WatchAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckFailed(logger, ex, name);
            }
            finally
            {
                gate.Release();
            }
        }));
        LogRan(logger, due.Count);
        return due.Count == batch;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduled policy checks ran for {Count} domains")]
    private static partial void LogRan(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled policy check of {Domain} failed; it is retried after its lease")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string domain);
}
