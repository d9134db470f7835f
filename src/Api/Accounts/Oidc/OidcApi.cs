using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Problems;

namespace TlsRptPlatform.Api.Accounts.Oidc;

/// <summary>The sign-in page's provider buttons, and where each starts.</summary>
public static class OidcApi
{
    public static void MapOidc(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/auth").WithTags("Account").AllowAnonymousAccess();
        group.MapGet("/providers", List).WithName("ListSignInProviders")
            .WithSummary("The OpenID Connect providers people can sign in with (Authentication:Oidc), for the sign-in page's buttons");
        group.MapGet("/oidc/{id}", Start).RequireRateLimiting(AccountRateLimit.Policy).WithName("StartOidcSignIn")
            .WithSummary("Start signing in through a provider: redirects the browser to it (code flow with PKCE); it comes back to /v1/auth/oidc/{id}/callback")
            .WithDescription("After the provider the browser lands on `/#/` signed in, or on `/#/sign-in?error=…` (`oidc-email-unverified`, `oidc-no-account`, `oidc-failed`, `oidc-denied`).")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Ok<SignInProvider[]> List(OidcProviders providers) =>
        TypedResults.Ok(providers.All.Select(p => new SignInProvider(p.Key, p.Value.DisplayName ?? p.Key, OidcProviders.StartPath(p.Key))).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToArray());

    private static Results<ChallengeHttpResult, ProblemHttpResult> Start(string id, OidcProviders providers) =>
        providers.All.ContainsKey(id)
            ? TypedResults.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OidcProviders.Scheme(id)])
            : ProblemTypes.Create(StatusCodes.Status404NotFound, "provider-not-found", "Sign-in provider not found", $"No OpenID Connect provider '{id}' is configured.");
}

/// <param name="SignInUrl">Where the button leads (a full-page navigation).</param>
public sealed record SignInProvider(string Id, string DisplayName, string SignInUrl);
