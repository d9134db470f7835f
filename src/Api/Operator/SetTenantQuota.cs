namespace TlsRptPlatform.Api.Operator;

/// <param name="MaxDomains">The tenant's own domain quota; null to use <c>Tenants:MaxDomains</c>.</param>
public sealed record SetTenantQuota(int? MaxDomains);
