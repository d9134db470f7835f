namespace TlsRptPlatform.Api.Accounts.Oidc;

/// <summary>
/// One OpenID Connect provider, configured under <c>Authentication:Oidc:&lt;id&gt;</c> (docs/sign-in/oidc.md). The id
/// names its routes: sign-in starts at <c>/v1/auth/oidc/&lt;id&gt;</c>, the provider returns to
/// <c>/v1/auth/oidc/&lt;id&gt;/callback</c>.
/// </summary>
public sealed class OidcProviderOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Space-separated; <c>openid</c> is always asked for.</summary>
    public string Scopes { get; set; } = "openid email profile";

    /// <summary>The sign-in button's text.</summary>
    public string? DisplayName { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;
}
