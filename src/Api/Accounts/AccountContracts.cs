namespace TlsRptPlatform.Api.Accounts;

/// <param name="TenantName">The tenant the new account creates and owns.</param>
public sealed record SignUpRequest(string? Email, string? Password, string? TenantName);

public sealed record EmailRequest(string? Email);

public sealed record TokenRequest(string? Token);

public sealed record PasswordResetConfirmation(string? Token, string? Password);

public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

public sealed record CodeRequest(string? Code);

/// <summary>What the API answers where saying more would tell a stranger which addresses have accounts.</summary>
public sealed record AcceptedResponse(string Message);

/// <summary>The signed-in person's own account.</summary>
public sealed record AccountResponse(
    string Id, string Email, bool EmailVerified, bool PasswordSet, bool TotpEnabled, int RecoveryCodesLeft, bool Operator, IReadOnlyList<TenantChoice> Tenants);

/// <summary>Recovery codes, each usable once instead of a TOTP code; shown only now.</summary>
public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);
