namespace TlsRptPlatform.Storage.Accounts;

/// <summary>A person's account. <paramref name="PasswordHash"/> is null for an account that signs in only through OpenID Connect.</summary>
public sealed record UserRecord(
    string Id,
    string Email,
    DateTimeOffset? EmailVerifiedAt,
    string? PasswordHash,
    string SecurityStamp,
    bool Operator,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string? TotpSecret,
    DateTimeOffset? TotpEnabledAt,
    DateTimeOffset CreatedAt)
{
    public bool EmailVerified => EmailVerifiedAt is not null;

    public bool TotpEnabled => TotpEnabledAt is not null;
}
