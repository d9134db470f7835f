using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.ApiKeys;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Dashboard;

/// <summary>
/// Dashboard sign-in: a tenant API key is exchanged for an HttpOnly, SameSite=Strict session cookie. The session acts
/// with the key's scope and ends when the key is revoked or expires.
/// </summary>
public static class SessionApi
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static void MapSession(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/session").WithTags("Dashboard session");
        group.MapPost("/", SignInAsync).AllowAnonymousAccess().DisableAntiforgery()
            .WithSummary("Sign in with a tenant API key; sets the session cookie and returns the CSRF token")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", CurrentAsync).RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccess(RouteAccess.Read)
            .WithSummary("The signed-in tenant and the session's CSRF token").ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapDelete("/", SignOutAsync).RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccess(RouteAccess.Read)
            .WithSummary("Sign out: ends the session and clears the cookie").ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInAsync(
        SignIn request, HttpContext context, ApiKeyStore keys, TenantStore tenants, SessionStore sessions, AuditLog audit, IOptions<PlatformOptions> platform,
        CancellationToken cancellationToken)
    {
        // Straight from the store, not the authentication cache: a key revoked on another process cannot start a session.
        var presented = request?.ApiKey is { Length: > 0 and <= 256 } value ? value : null;
        var key = presented is null ? null : await keys.FindUsableAsync(presented, cancellationToken);
        var tenant = key is null ? null : await tenants.FindAsync(key.TenantId, cancellationToken);
        if (key is null || tenant is null)
        {
            // A revoked or expired key still names its tenant, which should see the attempt; an unknown key names no one.
            if (presented is not null && await keys.FindAnyAsync(presented, cancellationToken) is { } known)
            {
                await audit.RecordAsync(context, known.TenantId, AuditActors.Session, known.KeyId, known.KeyName, AuditActors.SignInFailed, string.Empty, StatusCodes.Status401Unauthorized);
            }

            return ProblemTypes.Create(StatusCodes.Status401Unauthorized, "sign-in-failed", "Sign-in failed", "That is not a tenant API key.", "$.apiKey");
        }

        if (tenant.Suspended)
        {
            await audit.RecordAsync(context, tenant.Id, AuditActors.Session, key.KeyId, key.KeyName, AuditActors.SignInFailed, "tenant-suspended", StatusCodes.Status403Forbidden);
            return ProblemTypes.TenantSuspended();
        }

        var (id, csrf) = await sessions.CreateAsync(tenant.Id, key.KeyId, Lifetime, cancellationToken);
        await audit.RecordAsync(context, tenant.Id, AuditActors.Session, key.KeyId, key.KeyName, AuditActors.SignIn, "scope=" + key.Scope.Name(), StatusCodes.Status200OK);
        context.Response.Cookies.Append(PlatformClaims.SessionCookie, id, new CookieOptions
        {
            HttpOnly = true,
            // Behind a TLS-terminating ingress the request itself is plain HTTP; the public URL says what users see.
            Secure = context.Request.IsHttps || platform.Value.PublicBaseUrl.Scheme == Uri.UriSchemeHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = Lifetime,
        });
        return TypedResults.Ok(new SessionResponse(tenant.Id, tenant.Name, csrf, key.Scope.Name()));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CurrentAsync(ClaimsPrincipal user, TenantStore tenants, CancellationToken cancellationToken)
    {
        var tenant = await tenants.FindAsync(user.TenantIdOf(), cancellationToken);
        var csrf = user.FindFirstValue(PlatformClaims.SessionCsrf);
        return tenant is null || csrf is null
            ? ProblemTypes.Create(StatusCodes.Status401Unauthorized, "not-signed-in", "Not signed in", "Sign in with POST /v1/session.")
            : TypedResults.Ok(new SessionResponse(tenant.Id, tenant.Name, csrf, user.FindFirstValue(PlatformClaims.Scope) ?? ApiScope.Read.Name()));
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

/// <param name="Scope">The scope of the key the session was signed in with: what the page may offer.</param>
public sealed record SessionResponse(string TenantId, string TenantName, string CsrfToken, string Scope);
