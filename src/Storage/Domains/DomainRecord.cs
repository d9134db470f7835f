namespace TlsRptPlatform.Storage.Domains;

public sealed record DomainRecord(string Name, string TenantId, string ReportToken, DateTimeOffset CreatedAt);
