using Microsoft.Extensions.Options;
using Orleans.Runtime;
using TlsRptPlatform.Abstractions.Policies;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>Starts the scheduler when a silo becomes active (in-memory reminders on the embedded store need this on every start).</summary>
internal sealed class PolicySchedulerStartup(IGrainFactory grains, IOptions<PolicyScheduleOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PolicySchedulerStartup), ServiceLifecycleStage.Active, async _ =>
        {
            if (options.Value.Enabled)
            {
                await grains.GetGrain<IPolicySchedulerGrain>(0).StartAsync();
            }
        });
}
