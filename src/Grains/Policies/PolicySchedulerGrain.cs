using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Storage.Domains;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>
/// The policy recheck scheduler (DESIGN D5). Due times live in SQL (<c>domains.next_check_at</c>), so schedules survive
/// restarts on every store; a one-minute reminder brings this grain back on another silo after a failure, and a grain
/// timer polls for due domains every <see cref="PolicyScheduleOptions.SchedulerTick"/>. At most
/// <see cref="PolicyScheduleOptions.MaxConcurrentChecks"/> checks run at once.
/// </summary>
[GrainType("policy-scheduler")]
public sealed partial class PolicySchedulerGrain(
    DomainStore domains, IOptions<PolicyScheduleOptions> options, TimeProvider time, ILogger<PolicySchedulerGrain> logger)
    : Grain, IPolicySchedulerGrain, IRemindable
{
    private const string KeepAlive = "keep-alive";
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        StartTimer();
        return Task.CompletedTask;
    }

    async Task IPolicySchedulerGrain.StartAsync()
    {
        await this.RegisterOrUpdateReminder(KeepAlive, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartTimer();
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        StartTimer();
        return Task.CompletedTask;
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.SchedulerTick) { KeepAlive = true });

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        // The lease covers a batch's worst case; a check that finishes sets the real next due time.
        var due = await domains.ClaimDueChecksAsync(now, now.AddMinutes(15), settings.MaxConcurrentChecks * 4, cancellationToken);
        if (due.Count == 0)
        {
            return;
        }

        using var gate = new SemaphoreSlim(settings.MaxConcurrentChecks);
        await Task.WhenAll(due.Select(async name =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await GrainFactory.GetGrain<IDomainGrain>(name).RunScheduledCheckAsync();
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
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduled policy checks ran for {Count} domains")]
    private static partial void LogRan(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled policy check of {Domain} failed; it is retried after its lease")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string domain);
}
