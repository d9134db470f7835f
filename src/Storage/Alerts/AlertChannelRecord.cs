namespace TlsRptPlatform.Storage.Alerts;

/// <summary>Where a tenant's alerts go: <see cref="Target"/> is a webhook URL or an e-mail address.</summary>
public sealed record AlertChannelRecord(string Id, string TenantId, string Kind, string Target, DateTimeOffset CreatedAt);
