namespace TlsRptPlatform.Api.Audit;

/// <summary>Who acted, as the audit log names it.</summary>
public static class AuditActors
{
    /// <summary>A bearer API key.</summary>
    public const string Key = "key";

    /// <summary>A dashboard session (the key it signed in with is named beside it).</summary>
    public const string Session = "session";

    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
}
