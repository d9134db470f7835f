namespace TlsRptPlatform.Api.Audit;

/// <summary>Who acted, as the audit log names it.</summary>
public static class AuditActors
{
    /// <summary>A bearer API key.</summary>
    public const string Key = "key";

    /// <summary>A dashboard session (the key it signed in with is named beside it).</summary>
    public const string Session = "session";

    /// <summary>A person signed in to the dashboard (their account id and address are named beside it).</summary>
    public const string User = "user";

    /// <summary>The platform operator (the admin key), acting on the tenant from the operator console.</summary>
    public const string Operator = "operator";

    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string Suspended = "tenant-suspended";
    public const string Resumed = "tenant-resumed";
    public const string QuotaSet = "tenant-quota-set";
    public const string SignUp = "sign-up";
    public const string PasswordChanged = "password-changed";
    public const string PasswordReset = "password-reset";
    public const string MemberInvited = "member-invited";
    public const string InvitationWithdrawn = "invitation-withdrawn";
    public const string MemberJoined = "member-joined";
    public const string MemberRoleChanged = "member-role-changed";
    public const string MemberRemoved = "member-removed";
    public const string TenantSecurityChanged = "tenant-security-changed";
}
