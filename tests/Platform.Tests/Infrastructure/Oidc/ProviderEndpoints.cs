using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// The provider's own pages behind OpenIddict's passthrough endpoints. OpenIddict has parsed and validated each
/// request (client, redirect_uri, PKCE, code) before these run; they only decide who the user is and what to say.
/// </summary>
internal static class ProviderEndpoints
{
    public const string AuthorizationPath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";

    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;
    private const string Html = "text/html; charset=utf-8";

    /// <summary>The handlers take the <see cref="TestOidcDirectory"/> from the provider's services.</summary>
    public static void Map(WebApplication app)
    {
        app.MapMethods(AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapPost(LoginPage.Path, LogInAsync);
        app.MapPost(TokenPath, ExchangeAsync);
        app.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], UserInfoAsync);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, TestOidcDirectory directory)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("OpenIddict did not handle this authorization request.");
        var user = directory.FindBySubject(await ProviderSession.SubjectAsync(context));
        if (user is null)
        {
            return Results.Content(LoginPage.Html(ResumeUrl(request), error: null), Html);
        }

        return Results.SignIn(OidcUserPrincipal.For(user, request.GetScopes()), authenticationScheme: Server);
    }

    private static async Task<IResult> LogInAsync(HttpContext context, TestOidcDirectory directory)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? returnUrl = form["returnUrl"];
        // Only ever back into the authorization endpoint: the form must not become an open redirect.
        if (returnUrl is null || !returnUrl.StartsWith(AuthorizationPath + "?", StringComparison.Ordinal))
        {
            return Results.BadRequest("The sign-in form must be reached from an authorization request.");
        }

        var user = directory.FindByCredentials(form["username"], form["password"]);
        if (user is null)
        {
            return Results.Content(LoginPage.Html(returnUrl, "Wrong username or password."), Html);
        }

        await ProviderSession.SignInAsync(context, user);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, TestOidcDirectory directory)
    {
        // Only the code flow is enabled, so this is the principal OpenIddict read back from a valid code.
        var code = await context.AuthenticateAsync(Server);
        if (code.Principal is null || directory.FindBySubject(code.Principal.GetClaim(Claims.Subject)) is null)
        {
            return Results.Forbid(Refusal(Errors.InvalidGrant, "The user of this code no longer exists."), [Server]);
        }

        // The code's principal still carries the nonce and the claims' destinations, so the id_token gets both.
        return Results.SignIn(code.Principal, authenticationScheme: Server);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context, TestOidcDirectory directory)
    {
        var token = await context.AuthenticateAsync(Server);
        var user = directory.FindBySubject(token.Principal?.GetClaim(Claims.Subject));
        if (token.Principal is null || user is null)
        {
            return Results.Challenge(Refusal(Errors.InvalidToken, "The user of this token no longer exists."), [Server]);
        }

        return Results.Json(OidcUserPrincipal.UserInfo(user, token.Principal.GetScopes()));
    }

    /// <summary>The same authorization request again, as a local URL, for the form to come back to after the login.</summary>
    private static string ResumeUrl(OpenIddictRequest request)
    {
        var parameters = request.GetParameters().Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value));
        return AuthorizationPath + QueryString.Create(parameters).ToUriComponent();
    }

    private static AuthenticationProperties Refusal(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
