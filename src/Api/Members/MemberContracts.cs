namespace TlsRptPlatform.Api.Members;

/// <param name="Role"><c>viewer</c>, <c>analyst</c>, <c>admin</c> or <c>owner</c>.</param>
public sealed record MemberResponse(string UserId, string Email, string Role, DateTimeOffset Since, bool TotpEnabled);

public sealed record RoleChange(string? Role);

public sealed record InvitationRequest(string? Email, string? Role);

public sealed record InvitationResponse(string Id, string Email, string Role, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>What an invitation link leads to, shown before it is accepted.</summary>
/// <param name="AccountExists">The address has an account: sign in with it, then accept; otherwise accepting creates one.</param>
public sealed record InvitationPreview(string TenantName, string Email, string Role, DateTimeOffset ExpiresAt, bool AccountExists);

/// <param name="Password">For a new account only: its password.</param>
public sealed record InvitationAcceptance(string? Token, string? Password);

public sealed record TenantResponse(string Id, string Name, bool RequireSecondFactor);

public sealed record TenantSecurity(bool? RequireSecondFactor);
