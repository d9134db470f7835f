namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>A confidential client (relying party) registered at a <see cref="TestOidcProvider"/>.</summary>
public sealed record TestOidcClient(string ClientId, string ClientSecret, Uri RedirectUri);
