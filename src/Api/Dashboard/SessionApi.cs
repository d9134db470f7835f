using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Accounts;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.ApiKeys;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Dashboard;

/// <summary>
/// Dashboard sign-in: a person with e-mail and password, or a script or old bookmark with a tenant API key, gets an
/// HttpOnly, SameSite=Strict session cookie. A person's session acts with their role in the tenant it looks at (they
/// can switch); a key's session acts with the key's scope and ends when the key is revoked or expires.
/// </summary>
public static class SessionApi
{
    /// <summary>How long a session signed in with an API key lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static void MapSession(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/session").WithTags("Dashboard session");
        group.MapPost("/", SignInAsync).AllowAnonymousAccess().DisableAntiforgery().RequireRateLimiting(AccountRateLimit.Policy)
            .WithName("SignIn")
            .WithSummary("Sign in with e-mail and password, or with a tenant API key; sets the session cookie and returns the CSRF token")
            .WithDescription("Send `email` and `password` (and `code` — a TOTP code or a recovery code — when the account has a second factor), "
                + "or `apiKey`. 401 `sign-in-failed` for a wrong address or password, 401 `account-locked` after `Accounts:MaxFailedSignIns` "
                + "failures in a row, 401 `second-factor-required` when a code is needed, 403 `email-not-verified`, 403 `tenant-suspended`.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", CurrentAsync).RequireAccess(RouteAccess.SignedIn).WithName("GetSession")
            .WithSummary("The signed-in person or key, the tenant the session looks at, the tenants it can switch to, and the CSRF token")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPut("/tenant", SwitchTenantAsync).RequireAccess(RouteAccess.SignedIn).WithName("SwitchTenant")
            .WithSummary("Look at another tenant the signed-in person belongs to")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/", SignOutAsync).RequireAccess(RouteAccess.SignedIn).WithName("SignOut")
            .WithSummary("Sign out: ends the session and clears the cookie").ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInAsync(
        SignIn request, HttpContext context, PasswordSignIn passwordSignIn, ApiKeyStore keys, TenantStore tenants, SessionStore sessions, AuditLog audit,
        IOptions<PlatformOptions> platform, CancellationToken cancellationToken)
    {
        if (request?.Email is { } email && request.Password is { } password)
        {
            return await passwordSignIn.SignInAsync(context, email, password, request.Code, cancellationToken);
        }

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

            return ProblemTypes.Create(StatusCodes.Status401Unauthorized, "sign-in-failed", "Sign-in failed",
                presented is null ? "Send `email` and `password`, or `apiKey`." : "That is not a tenant API key.", presented is null ? "$.email" : "$.apiKey");
        }

        if (tenant.Suspended)
        {
            await audit.RecordAsync(context, tenant.Id, AuditActors.Session, key.KeyId, key.KeyName, AuditActors.SignInFailed, "tenant-suspended", StatusCodes.Status403Forbidden);
            return ProblemTypes.TenantSuspended();
        }

        var (id, csrf) = await sessions.CreateAsync(tenant.Id, key.KeyId, Lifetime, cancellationToken);
        await audit.RecordAsync(context, tenant.Id, AuditActors.Session, key.KeyId, key.KeyName, AuditActors.SignIn, "scope=" + key.Scope.Name(), StatusCodes.Status200OK);
        SessionCookie.Set(context, id, Lifetime, platform.Value);
        return TypedResults.Ok(SessionResponse.ForKey(tenant.Id, tenant.Name, key.Scope, csrf));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CurrentAsync(
        ClaimsPrincipal user, TenantStore tenants, UserStore users, MembershipStore memberships, CancellationToken cancellationToken)
    {
        var csrf = user.FindFirstValue(PlatformClaims.SessionCsrf);
        if (csrf is null)
        {
            return ProblemTypes.Create(StatusCodes.Status401Unauthorized, "not-signed-in", "Not signed in", "Sign in with POST /v1/session.");
        }

        if (user.FindFirstValue(PlatformClaims.UserId) is { } userId && await users.FindAsync(userId, cancellationToken) is { } person)
        {
            var all = await memberships.ListForUserAsync(person.Id, cancellationToken);
            var current = all.FirstOrDefault(t => t.TenantId == user.FindFirstValue(PlatformClaims.TenantId));
            return TypedResults.Ok(SessionResponse.ForPerson(person.Id, person.Email, person.Operator, person.TotpEnabled, current, all, csrf));
        }

        var tenant = await tenants.FindAsync(user.TenantIdOf(), cancellationToken);
        return tenant is null
            ? ProblemTypes.Create(StatusCodes.Status401Unauthorized, "not-signed-in", "Not signed in", "Sign in with POST /v1/session.")
            : TypedResults.Ok(SessionResponse.ForKey(tenant.Id, tenant.Name, user.ScopeOf() ?? ApiScope.Read, csrf));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SwitchTenantAsync(
        SwitchTenant request, HttpContext context, ClaimsPrincipal user, UserStore users, MembershipStore memberships, UserSessionStore sessions,
        CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(PlatformClaims.UserId) is not { } userId || context.Request.Cookies[PlatformClaims.SessionCookie] is not { } cookie
            || await users.FindAsync(userId, cancellationToken) is not { } person)
        {
            return ProblemTypes.Create(StatusCodes.Status403Forbidden, "person-required", "A person's session is required",
                "Only a person signed in with e-mail and password (or OpenID Connect) belongs to tenants and can switch between them.");
        }

        var all = await memberships.ListForUserAsync(userId, cancellationToken);
        var target = all.FirstOrDefault(t => t.TenantId == request?.TenantId);
        if (target is null)
        {
            return ProblemTypes.Create(StatusCodes.Status404NotFound, "tenant-not-found", "Tenant not found", "You do not belong to that tenant.", "$.tenantId");
        }

        if (target.Suspended && !person.Operator)
        {
            return ProblemTypes.TenantSuspended();
        }

        await sessions.SwitchTenantAsync(cookie, target.TenantId, cancellationToken);
        return TypedResults.Ok(SessionResponse.ForPerson(person.Id, person.Email, person.Operator, person.TotpEnabled, target, all, user.FindFirstValue(PlatformClaims.SessionCsrf)!));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context, SessionStore sessions, UserSessionStore people, CancellationToken cancellationToken)
    {
        if (context.Request.Cookies[PlatformClaims.SessionCookie] is { } id)
        {
            await (id.StartsWith(UserSessionStore.Prefix, StringComparison.Ordinal) ? people.DeleteAsync(id, cancellationToken) : sessions.DeleteAsync(id, cancellationToken));
        }

        SessionCookie.Clear(context);
        return TypedResults.NoContent();
    }
}

/// <summary>Either <paramref name="Email"/> and <paramref name="Password"/> (and <paramref name="Code"/> for a second factor), or <paramref name="ApiKey"/>.</summary>
public sealed record SignIn(string? ApiKey, string? Email = null, string? Password = null, string? Code = null);

public sealed record SwitchTenant(string? TenantId);
