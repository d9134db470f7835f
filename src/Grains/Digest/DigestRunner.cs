using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Abstractions.Digest;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Digest;

namespace TlsRptPlatform.Grains.Digest;

/// <summary>
/// One digest pass: when the week's digest is due, composes it for every opted-in tenant with an e-mail channel that has
/// not had it yet, and queues it into the alert outbox. Safe to run on every silo at once and again after a restart:
/// <see cref="DigestStore.QueueAsync"/> queues each channel's digest of a week once.
/// </summary>
public sealed partial class DigestRunner(
    DigestStore store, DigestComposer composer, AlertOutboxSignal signal, IOptions<DigestOptions> options, IOptions<AlertOptions> alerts,
    IOptions<ReportAddressOptions> addresses, ILogger<DigestRunner> logger)
{
    /// <summary>Runs the pass as of <paramref name="now"/>; returns how many channels were queued a digest.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var week = DigestWeek.DueAt(now, options.Value.DayOfWeek, options.Value.Hour);
        if (week is null)
        {
            return 0;
        }

        var queued = 0;
        foreach (var tenantId in await store.TenantsDueAsync(week.Key, cancellationToken))
        {
            var digest = await composer.ComposeAsync(tenantId, week, now, cancellationToken);
            if (digest is null)
            {
                continue;
            }

            var channels = await store.QueueAsync(
                new QueuedDigest(tenantId, week.Key, now, DigestMessage.Subject(digest), DigestMessage.Details(digest, addresses.Value.PublicBaseUrl)),
                now + alerts.Value.RetryFor,
                cancellationToken);
            if (channels > 0)
            {
                queued += channels;
                LogQueued(logger, week.Key, tenantId, channels);
            }
        }

        if (queued > 0)
        {
            signal.Notify();
        }

        return queued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {Week} queued for tenant {TenantId} to {Channels} channel(s)")]
    private static partial void LogQueued(ILogger logger, string week, string tenantId, int channels);
}
