namespace TlsRptPlatform.Storage.Accounts;

/// <summary>What a single-use token sent by e-mail is for; a token for one purpose is worthless for another.</summary>
public static class UserTokenPurpose
{
    public const string VerifyEmail = "verify-email";
    public const string ResetPassword = "reset-password";
}
