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
internal sealed partial class AlertDispatcher(
    AlertStore store, WebhookSender webhooks, EmailSender email, AlertOutboxSignal signal, AlertMetrics metrics,
    IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertDispatcher> logger)
    : SiloLoop(logger)
{
    protected override bool Enabled => true;

    protected override Task WaitAsync(CancellationToken cancellationToken) => signal.WaitAsync(options.Value.DispatchInterval, cancellationToken);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var batch = settings.MaxConcurrentDeliveries * 4;
        // Long enough for every delivery of the batch to finish or time out before anyone else may retry it.
        var lease = now + (settings.WebhookTimeout * 4) + settings.Smtp.Timeout;
        var due = await store.ClaimDueDeliveriesAsync(now, lease, batch, cancellationToken);
        using var gate = new SemaphoreSlim(settings.MaxConcurrentDeliveries);
        await Task.WhenAll(due.Select(async delivery =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await DeliverAsync(delivery, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return due.Count == batch;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} delivery attempt {Attempt} failed (given up: {GivenUp}): {Error}")]
    private static partial void LogFailed(ILogger logger, string alertId, int attempt, bool givenUp, string error);
}
