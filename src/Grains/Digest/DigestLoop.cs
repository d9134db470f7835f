using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Digest;
using TlsRptPlatform.Grains.Hosting;

namespace TlsRptPlatform.Grains.Digest;

/// <summary>
/// Looks for digests due every <c>Digest:CheckInterval</c> on every silo. No reminder or leader is needed: a pass that
/// finds nothing due costs one query, and concurrent passes cannot queue a digest twice.
/// </summary>
internal sealed class DigestLoop(DigestRunner runner, IOptions<DigestOptions> options, TimeProvider time, ILogger<DigestLoop> logger)
    : SiloLoop(logger)
{
    protected override bool Enabled => options.Value.CheckInterval > TimeSpan.Zero;

    protected override Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(options.Value.CheckInterval, time, cancellationToken);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await runner.RunAsync(time.GetUtcNow(), cancellationToken);
        return false;
    }
}
