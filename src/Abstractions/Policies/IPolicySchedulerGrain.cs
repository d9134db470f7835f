namespace TlsRptPlatform.Abstractions.Policies;

/// <summary>Finds domains whose policy recheck is due and has their grains check them, a bounded number at a time.</summary>
[Alias("TlsRptPlatform.IPolicySchedulerGrain")]
public interface IPolicySchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Idempotent: makes sure the scheduler runs (its reminder brings it back after a silo failure).</summary>
    [Alias("Start")]
    Task StartAsync();
}
