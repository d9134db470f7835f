using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Api.Authorization;

/// <summary>
/// Deny by default: runs after authorization and lets a request reach its endpoint only when the endpoint declares its
/// <see cref="RouteAccess"/> and the caller has it. An endpoint added without a declaration answers 403
/// <c>access-not-declared</c> to everyone, so a forgotten declaration fails closed and fails the route-matrix test.
/// The authorization policies on the groups (tenant, admin, tenant-or-admin) still decide who the caller may be;
/// this adds the scope of a tenant's key on top, and refuses every tenant route to a suspended tenant's key.
/// </summary>
public sealed partial class RouteAccessEnforcement(RequestDelegate next, ILogger<RouteAccessEnforcement> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (endpoint is null or { Metadata.Count: 0 } and not RouteEndpoint)
        {
            // No route (404 further on), or routing's own refusal of a known path: 405 for a method or 415 for a
            // content type the route does not take. Neither reaches a handler.
            await next(context);
            return;
        }

        var declared = endpoint.Metadata.GetMetadata<RouteAccessMetadata>();
        if (declared is null)
        {
            LogUndeclared(logger, endpoint.DisplayName);
            await ProblemTypes.Create(StatusCodes.Status403Forbidden, "access-not-declared", "Route access not declared",
                "This route declares no access level, so it is refused to everyone.").ExecuteAsync(context);
            return;
        }

        var refusal = declared.Access switch
        {
            RouteAccess.Anonymous => Refusal.None,
            RouteAccess.Operator => context.User.IsInRole(PlatformClaims.AdminRole) ? Refusal.None : Unauthenticated(context) ? Refusal.Challenge : Refusal.Forbid,
            _ => TenantRefusal(context, endpoint, RequiredScope(declared.Access)),
        };
        switch (refusal)
        {
            case Refusal.None:
                await next(context);
                break;
            case Refusal.Challenge:
                await context.ChallengeAsync();
                break;
            case Refusal.Forbid:
                await context.ForbidAsync();
                break;
            case Refusal.TenantSuspended:
                await ProblemTypes.TenantSuspended().ExecuteAsync(context);
                break;
            default:
                var required = RequiredScope(declared.Access).Name();
                await ProblemTypes.Create(StatusCodes.Status403Forbidden, "insufficient-scope", "Insufficient scope",
                    $"This route needs a key with scope '{required}' or higher; this one has '{context.User.ScopeOf()?.Name()}'.").ExecuteAsync(context);
                break;
        }
    }

    private static Refusal TenantRefusal(HttpContext context, Endpoint endpoint, ApiScope required)
    {
        if (context.User.HasClaim(c => c.Type == PlatformClaims.Suspended))
        {
            return Refusal.TenantSuspended;
        }

        if (context.User.IsInRole(PlatformClaims.AdminRole))
        {
            // The admin key acts for tenants only where the route's policy says so (imports by the operator command).
            return endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == PlatformClaims.TenantOrAdminPolicy) ? Refusal.None : Refusal.Forbid;
        }

        return context.User.ScopeOf() switch
        {
            null => Unauthenticated(context) ? Refusal.Challenge : Refusal.Forbid,
            { } scope when scope >= required => Refusal.None,
            _ => Refusal.InsufficientScope,
        };
    }

    private static bool Unauthenticated(HttpContext context) => context.User.Identity?.IsAuthenticated != true;

    private static ApiScope RequiredScope(RouteAccess access) => access switch
    {
        RouteAccess.Read => ApiScope.Read,
        RouteAccess.Write => ApiScope.Write,
        _ => ApiScope.Admin,
    };

    private enum Refusal
    {
        None,
        Challenge,
        Forbid,
        InsufficientScope,
        TenantSuspended,
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused a request to {Endpoint}: the endpoint declares no route access")]
    private static partial void LogUndeclared(ILogger logger, string? endpoint);
}
