namespace TlsRptPlatform.Api.Keys;

/// <param name="Scope"><c>read</c>, <c>write</c> or <c>admin</c>.</param>
/// <param name="ExpiresAt">Optional; the key stops working then.</param>
public sealed record CreateApiKey(string? Name, string? Scope, DateTimeOffset? ExpiresAt);

/// <summary>A key as listed: never the key itself.</summary>
public sealed record ApiKeyResponse(
    string Id,
    string Name,
    string Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);

/// <param name="Key">The key itself: shown in this answer only; the platform keeps its SHA-256.</param>
public sealed record CreatedApiKey(string Id, string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key);
