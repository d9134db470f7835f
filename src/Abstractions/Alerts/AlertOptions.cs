using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Abstractions.Alerts;

/// <summary>Configuration section <c>Alerts</c>.</summary>
public sealed class AlertOptions
{
    /// <summary><c>Alerts:RetryFor</c>: how long a delivery is retried before it is given up.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>Alerts:FirstRetryAfter</c>: the first retry's delay; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Alerts:MaxRetryDelay</c>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Alerts:AllowPrivateTargets</c>: let webhooks reach loopback and private networks, and plain http (tests, closed networks).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary><c>Alerts:DispatchInterval</c>: how often each silo looks for due deliveries (new alerts are sent at once).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>Alerts:SilenceCheckInterval</c>: how often each reporter-silent rule is evaluated.</summary>
    public TimeSpan SilenceCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Alerts:WebhookTimeout</c>: the whole webhook call, connect to response headers.</summary>
    /// <remarks>Bounded, because a webhook that never answers holds one of its tenant's delivery slots until then.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>Alerts:MaxConcurrentDeliveries</c>: deliveries in flight at once per silo, all tenants together.</summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveries { get; set; } = 8;

    /// <summary>
    /// <c>Alerts:MaxConcurrentDeliveriesPerTenant</c>: deliveries of one tenant in flight at once per silo, so that one
    /// tenant's slow webhooks never take every slot of <see cref="MaxConcurrentDeliveries"/>.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveriesPerTenant { get; set; } = 2;

    /// <summary>
    /// <c>Alerts:MaxQueuedTestAlertsPerTenant</c>: test alerts of one tenant waiting for delivery at once; the test
    /// endpoint refuses more (429), so nobody can fill the outbox with them.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxQueuedTestAlertsPerTenant { get; set; } = 10;

    public AlertSmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// How long a claimed delivery is leased to its silo. A delivery starts as soon as it is claimed, so it ends within
    /// one webhook time-out, or for e-mail within a few SMTP operations of one time-out each (connect, greet, send, quit).
    /// </summary>
    public TimeSpan DeliveryLease => TimeSpan.FromTicks(Math.Max(WebhookTimeout.Ticks, Smtp.Timeout.Ticks * 4));

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1.</summary>
    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryAfter.Ticks << Math.Clamp(attempt - 1, 0, 30)));
}
