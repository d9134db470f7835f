namespace TlsRptPlatform.Storage.Accounts;

/// <summary>An invitation to join a tenant with a role; the link's token is stored only as a hash.</summary>
public sealed record InvitationRecord(
    string Id, string TenantId, string TenantName, string Email, TenantRole Role, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt);
