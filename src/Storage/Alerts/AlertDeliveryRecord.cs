namespace TlsRptPlatform.Storage.Alerts;

/// <summary>One alert's delivery to one channel: <c>pending</c>, <c>delivered</c> or <c>failed</c> (given up).</summary>
public sealed record AlertDeliveryRecord(
    string ChannelId, string Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? DeliveredAt);
