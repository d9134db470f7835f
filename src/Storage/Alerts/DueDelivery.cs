namespace TlsRptPlatform.Storage.Alerts;

/// <summary>A delivery claimed by a silo: the alert, where it goes (null when the channel was deleted), and the attempt number.</summary>
public sealed record DueDelivery(AlertRecord Alert, string ChannelId, AlertChannelRecord? Channel, int Attempt, DateTimeOffset GiveUpAt);
