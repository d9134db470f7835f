using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// What the provider says about a user, for the scopes granted: <c>sub</c> always, <c>email</c> and
/// <c>email_verified</c> (a JSON boolean) with the <c>email</c> scope, <c>name</c> with <c>profile</c> — the standard
/// OpenID Connect scope-to-claim mapping, so a client that asks for less is told less, as at a real provider.
/// </summary>
internal static class OidcUserPrincipal
{
    public static ClaimsPrincipal For(TestOidcUser user, IEnumerable<string> grantedScopes)
    {
        var scopes = grantedScopes.ToHashSet(StringComparer.Ordinal);
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject);
        if (scopes.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, user.Email);
            identity.SetClaim(Claims.EmailVerified, user.EmailVerified);
        }

        if (scopes.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.Name, user.Name);
        }

        identity.SetScopes(scopes);
        // Google and Entra put these in the id_token as well as behind userinfo; relying parties commonly read them there.
        identity.SetDestinations(static _ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The userinfo answer: the same claims, as a JSON object.</summary>
    public static Dictionary<string, object> UserInfo(TestOidcUser user, IEnumerable<string> grantedScopes)
    {
        var scopes = grantedScopes.ToHashSet(StringComparer.Ordinal);
        var info = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Subject };
        if (scopes.Contains(Scopes.Email))
        {
            info[Claims.Email] = user.Email;
            info[Claims.EmailVerified] = user.EmailVerified;
        }

        if (scopes.Contains(Scopes.Profile))
        {
            info[Claims.Name] = user.Name;
        }

        return info;
    }
}
