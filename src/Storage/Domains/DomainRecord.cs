namespace TlsRptPlatform.Storage.Domains;

/// <param name="RequireDkim">E-mailed reports need a passing DKIM signature.</param>
/// <param name="Verified">The domain's TLS-RPT record pointed at its report address at the last policy check.</param>
public sealed record DomainRecord(string Name, string TenantId, string ReportToken, DateTimeOffset CreatedAt, bool Verified = false, bool RequireDkim = false);
