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

    /// <summary><c>Alerts:WebhookTimeout</c>.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>Alerts:MaxConcurrentDeliveries</c>: deliveries in flight at once per silo.</summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveries { get; set; } = 8;

    public AlertSmtpOptions Smtp { get; set; } = new();

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1.</summary>
    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryAfter.Ticks << Math.Clamp(attempt - 1, 0, 30)));
}
