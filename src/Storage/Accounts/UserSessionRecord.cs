namespace TlsRptPlatform.Storage.Accounts;

/// <summary>
/// A person's live session: who, the tenant they are looking at and their role there (null when they have none, or
/// were removed from it), and the session's CSRF token.
/// </summary>
/// <param name="SecondFactorMissing">The tenant requires a second factor and the person has none yet.</param>
public sealed record UserSessionRecord(
    string UserId, string Email, bool Operator, string? TenantId, TenantRole? Role, bool TenantSuspended, string CsrfToken, bool SecondFactorMissing);
