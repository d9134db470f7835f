namespace TlsRptPlatform.Storage.ApiKeys;

/// <summary>Who a presented, valid key speaks for: what authentication needs and caches.</summary>
public sealed record ApiKeyIdentity(string KeyId, string KeyName, string TenantId, ApiScope Scope, DateTimeOffset? ExpiresAt)
{
    public bool ExpiredAt(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
}
