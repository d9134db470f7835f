namespace TlsRptPlatform.Api.Accounts;

/// <summary><c>Platform:SignUp</c>: who may create an account.</summary>
public enum SignUpMode
{
    /// <summary>Invitations only.</summary>
    Closed,

    /// <summary>Self-service: a new person creates a tenant and becomes its owner.</summary>
    Open,
}
