using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Grains.Telemetry;
using TlsRptPlatform.Storage.Alerts;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>
/// Works through the alert outbox on every silo: claims due deliveries with a lease, sends them, and records the
/// outcome — delivered, retried with exponential back-off, or given up after <c>Alerts:RetryFor</c>. An alert that
/// fired before a crash is delivered after it, by whichever silo claims it.
/// </summary>
/// <remarks>
/// Fair across tenants: a delivery starts as soon as a slot is free (no batch waits for its slowest member), deliveries
/// are claimed in turns across tenants (each tenant's oldest first), and one tenant holds at most
/// <c>Alerts:MaxConcurrentDeliveriesPerTenant</c> of the silo's <c>Alerts:MaxConcurrentDeliveries</c> slots. A tenant
/// whose webhooks hang therefore delays only its own alerts.
/// </remarks>
internal sealed partial class AlertDispatcher(
    AlertStore store, WebhookSender webhooks, EmailSender email, AlertOutboxSignal signal, AlertMetrics metrics,
    IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertDispatcher> logger)
    : SiloLoop(logger)
{
    private readonly TenantDeliverySlots _slots = new(options.Value.MaxConcurrentDeliveries, options.Value.MaxConcurrentDeliveriesPerTenant);
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();

    protected override bool Enabled => true;

    // Woken by a newly queued alert and by every delivery that ends and frees a slot.
    protected override Task WaitAsync(CancellationToken cancellationToken) => signal.WaitAsync(options.Value.DispatchInterval, cancellationToken);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (_slots.Free == 0)
        {
            return false;
        }

        var now = time.GetUtcNow();
        // Busy tenants' rows among the candidates are at most the deliveries in flight, so this many candidates always
        // hold enough for every free slot.
        var candidates = await store.DueInTurnsAsync(now, settings.MaxConcurrentDeliveriesPerTenant, settings.MaxConcurrentDeliveries, cancellationToken);
        var taken = candidates.Where(c => _slots.TryTake(c.TenantId)).ToList();
        IReadOnlyList<DueDelivery> claimed = [];
        try
        {
            claimed = await store.ClaimAsync(taken, now, now + settings.DeliveryLease, cancellationToken);
        }
        finally
        {
            // Slots taken for deliveries another silo claimed first (or for none, when claiming failed) go back.
            foreach (var lost in taken.Where(c => !claimed.Any(d => d.Alert.Id == c.AlertId && d.ChannelId == c.ChannelId)))
            {
                _slots.Release(lost.TenantId);
            }
        }

        foreach (var delivery in claimed)
        {
            Start(delivery, cancellationToken);
        }

        // Another silo took some of ours: look again at once rather than leave the slots empty until the next wake-up.
        return claimed.Count < taken.Count && _slots.Free > 0;
    }

    protected override async Task StoppedAsync()
    {
        // Deliveries cancelled by the shutdown keep their lease and are retried after it.
        await Task.WhenAll(_inFlight.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Start(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var task = Task.Run(() => DeliverInSlotAsync(delivery, cancellationToken), CancellationToken.None);
        _inFlight.TryAdd(task, true);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DeliverInSlotAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAsync(delivery, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Recording the outcome failed (the store is unreachable): the lease runs out and the delivery is retried.
            LogDeliveryCrashed(logger, ex, delivery.Alert.Id, delivery.ChannelId);
        }
        finally
        {
            _slots.Release(delivery.Alert.TenantId);
            signal.Notify();
        }
    }

    private async Task DeliverAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var alert = delivery.Alert;
        var channel = delivery.Channel;
        try
        {
            switch (channel?.Kind)
            {
                case null:
                    throw new AlertDeliveryException("The channel was deleted.");
                case "webhook":
                    await webhooks.SendAsync(alert, channel, cancellationToken);
                    break;
                case "email":
                    await email.SendAsync(alert, channel, cancellationToken);
                    break;
                default:
                    throw new AlertDeliveryException($"Unknown channel kind '{channel.Kind}'.");
            }

            await store.MarkDeliveredAsync(alert.Id, channel.Id, time.GetUtcNow(), CancellationToken.None);
            metrics.Delivery(channel.Kind, "sent");
            LogDelivered(logger, alert.Id, channel.Id, delivery.Attempt);
        }
        catch (AlertDeliveryException ex)
        {
            var retryAt = channel is null ? (DateTimeOffset?)null : time.GetUtcNow() + options.Value.RetryDelay(delivery.Attempt);
            var giveUp = retryAt is null || retryAt > delivery.GiveUpAt;
            await store.MarkAttemptFailedAsync(alert.Id, delivery.ChannelId, ex.Message, giveUp ? null : retryAt, CancellationToken.None);
            metrics.Delivery(channel?.Kind ?? "deleted", giveUp ? "failed" : "retry");
            LogFailed(logger, alert.Id, delivery.Attempt, giveUp, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} delivered to channel {ChannelId} (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string alertId, string channelId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {AlertId} delivery to channel {ChannelId} ended without a recorded outcome; it is retried after its lease")]
    private static partial void LogDeliveryCrashed(ILogger logger, Exception exception, string alertId, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} delivery attempt {Attempt} failed (given up: {GivenUp}): {Error}")]
    private static partial void LogFailed(ILogger logger, string alertId, int attempt, bool givenUp, string error);
}
