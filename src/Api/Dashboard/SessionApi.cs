using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Dashboard;

/// <summary>Dashboard sign-in: a tenant API key is exchanged for an HttpOnly, SameSite=Strict session cookie.</summary>
public static class SessionApi
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static void MapSession(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/session").WithTags("Dashboard session");
        group.MapPost("/", SignInAsync).AllowAnonymous().DisableAntiforgery()
            .WithSummary("Sign in with a tenant API key; sets the session cookie and returns the CSRF token")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", CurrentAsync).RequireAuthorization(PlatformClaims.TenantPolicy)
            .WithSummary("The signed-in tenant and the session's CSRF token").ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapDelete("/", SignOutAsync).RequireAuthorization(PlatformClaims.TenantPolicy)
            .WithSummary("Sign out: ends the session and clears the cookie").ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInAsync(
        SignIn request, HttpContext context, TenantStore tenants, SessionStore sessions, IOptions<PlatformOptions> platform, CancellationToken cancellationToken)
    {
        var tenant = request?.ApiKey is { Length: > 0 and <= 256 } key ? await tenants.FindByApiKeyAsync(key, cancellationToken) : null;
        if (tenant is null)
        {
            return ProblemTypes.Create(StatusCodes.Status401Unauthorized, "sign-in-failed", "Sign-in failed", "That is not a tenant API key.", "$.apiKey");
        }

        var (id, csrf) = await sessions.CreateAsync(tenant.Id, Lifetime, cancellationToken);
        context.Response.Cookies.Append(PlatformClaims.SessionCookie, id, new CookieOptions
        {
            HttpOnly = true,
            // Behind a TLS-terminating ingress the request itself is plain HTTP; the public URL says what users see.
            Secure = context.Request.IsHttps || platform.Value.PublicBaseUrl.Scheme == Uri.UriSchemeHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = Lifetime,
        });
        return TypedResults.Ok(new SessionResponse(tenant.Id, tenant.Name, csrf));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CurrentAsync(ClaimsPrincipal user, TenantStore tenants, CancellationToken cancellationToken)
    {
        var tenant = await tenants.FindAsync(user.TenantIdOf(), cancellationToken);
        var csrf = user.FindFirstValue(PlatformClaims.SessionCsrf);
        return tenant is null || csrf is null
            ? ProblemTypes.Create(StatusCodes.Status401Unauthorized, "not-signed-in", "Not signed in", "Sign in with POST /v1/session.")
            : TypedResults.Ok(new SessionResponse(tenant.Id, tenant.Name, csrf));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context, SessionStore sessions, CancellationToken cancellationToken)
    {
        if (context.Request.Cookies[PlatformClaims.SessionCookie] is { } id)
        {
            await sessions.DeleteAsync(id, cancellationToken);
        }

        context.Response.Cookies.Delete(PlatformClaims.SessionCookie, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }
}

public sealed record SignIn(string? ApiKey);

public sealed record SessionResponse(string TenantId, string TenantName, string CsrfToken);
