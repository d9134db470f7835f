namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>An account at a <see cref="TestOidcProvider"/>: what the login form checks and what the tokens say.</summary>
public sealed record TestOidcUser(string Username, string Password, string Subject, string Email, bool EmailVerified, string Name);
