namespace TlsRptPlatform.Storage.Accounts;

/// <summary>A person in a tenant, as the tenant's members list shows them.</summary>
public sealed record MemberRecord(string UserId, string Email, TenantRole Role, DateTimeOffset Since, bool TotpEnabled);

/// <summary>A tenant a person belongs to, as the tenant switcher shows it.</summary>
public sealed record MembershipRecord(string TenantId, string TenantName, TenantRole Role, bool Suspended);
