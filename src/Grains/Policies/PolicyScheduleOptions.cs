using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>Configuration section <c>Dns</c> (scheduling part): when domains are rechecked (DESIGN D5).</summary>
public sealed class PolicyScheduleOptions
{
    /// <summary><c>Dns:RecheckInterval</c>: time between checks of a healthy domain; <c>00:00:00</c> turns scheduling off.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary><c>Dns:MaxConcurrentChecks</c>: checks running at once per silo.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentChecks { get; set; } = 16;

    /// <summary><c>Dns:SchedulerTick</c>: how often the scheduler looks for due domains.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry after a failed check; doubles per consecutive failure, up to the recheck interval.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => RecheckInterval > TimeSpan.Zero;

    /// <summary>When the next check is due: the interval with ±10 % jitter, or exponential back-off after failures.</summary>
    public TimeSpan NextDelay(int consecutiveFailures, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var delay = consecutiveFailures == 0
            ? RecheckInterval
            : TimeSpan.FromTicks(Math.Min(RecheckInterval.Ticks, FailureBackoff.Ticks << Math.Min(consecutiveFailures - 1, 20)));
        return delay * (0.9 + (random.NextDouble() * 0.2));
    }
}
