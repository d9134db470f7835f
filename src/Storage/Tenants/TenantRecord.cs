namespace TlsRptPlatform.Storage.Tenants;

public sealed record TenantRecord(string Id, string Name, DateTimeOffset CreatedAt);
