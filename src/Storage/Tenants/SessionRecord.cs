using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Storage.Tenants;

/// <summary>A live dashboard session: its tenant, CSRF token, and the key it was signed in with (whose scope it has).</summary>
public sealed record SessionRecord(string TenantId, string CsrfToken, string KeyId, string KeyName, ApiScope Scope);
