namespace TlsRptPlatform.Storage.ApiKeys;

/// <summary>A tenant's API key as listed: everything but the key itself, which is never stored.</summary>
public sealed record ApiKeyRecord(
    string Id,
    string TenantId,
    string Name,
    ApiScope Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
