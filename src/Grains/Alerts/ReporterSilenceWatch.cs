using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Storage.Alerts;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>Evaluates reporter-silent rules every <c>Alerts:SilenceCheckInterval</c>, on every silo, each rule claimed by one.</summary>
internal sealed class ReporterSilenceWatch(
    AlertStore store, AlertEvaluator evaluator, IOptions<AlertOptions> options, TimeProvider time, ILogger<ReporterSilenceWatch> logger)
    : SiloLoop(logger)
{
    private const int Batch = 100;

    protected override bool Enabled => options.Value.SilenceCheckInterval > TimeSpan.Zero;

    protected override Task WaitAsync(CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromTicks(Math.Min(options.Value.SilenceCheckInterval.Ticks, TimeSpan.FromMinutes(1).Ticks)), time, cancellationToken);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rules = await store.ClaimDueEvaluationsAsync(now, now + options.Value.SilenceCheckInterval, Batch, cancellationToken);
        foreach (var rule in rules)
        {
            await evaluator.EvaluateSilenceAsync(rule, cancellationToken);
        }

        return rules.Count == Batch;
    }
}
