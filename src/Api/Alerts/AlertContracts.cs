using System.Text.Json;

namespace TlsRptPlatform.Api.Alerts;

/// <summary><c>{"kind":"webhook","url"}</c> or <c>{"kind":"email","to"}</c>.</summary>
public sealed record CreateChannel(string? Kind, string? Url, string? To);

/// <summary>A channel; <see cref="Secret"/> (webhooks) is shown only in the answer to its creation.</summary>
public sealed record ChannelResponse(string Id, string Kind, string? Url, string? To, DateTimeOffset CreatedAt, string? Secret = null);

/// <param name="DaysBefore">certificate-expiring only: first alert this many days before expiry (default 30), then at 7 and 1.</param>
public sealed record CreateRule(string? Kind, double? ThresholdPercent, long? MinSessions, IReadOnlyList<string>? Channels, int? CooldownMinutes, int? DaysBefore = null);

public sealed record RuleResponse(
    string Id, string Domain, string Kind, double? ThresholdPercent, long? MinSessions, IReadOnlyList<string> Channels,
    int CooldownMinutes, DateTimeOffset CreatedAt, DateTimeOffset? LastFiredAt, int? DaysBefore = null);

/// <summary>
/// An alert and where it went. <see cref="Status"/>: <c>delivered</c> (every channel), <c>pending</c> (some still being
/// tried), <c>failed</c> (some given up), <c>no-channels</c>; <see cref="Attempts"/> and <see cref="LastError"/> over all channels.
/// </summary>
public sealed record AlertResponse(
    string Id, string Kind, string? Domain, string? RuleId, DateTimeOffset OccurredAt, string Summary, JsonElement Details,
    string Status, int Attempts, string? LastError, IReadOnlyList<DeliveryResponse> Deliveries);

public sealed record DeliveryResponse(string ChannelId, string Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset? DeliveredAt);

public sealed record TestAlertResponse(string AlertId);
