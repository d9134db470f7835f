namespace TlsRptPlatform.Storage.Alerts;

/// <summary>A due delivery that a silo may claim, with the tenant it is for, so the silo can keep each tenant to its share.</summary>
public sealed record DeliveryCandidate(string AlertId, string ChannelId, string TenantId);
