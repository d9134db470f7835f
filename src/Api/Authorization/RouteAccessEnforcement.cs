using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Api.Authorization;

/// <summary>
/// Deny by default: runs after authorization and lets a request reach its endpoint only when the endpoint declares its
/// <see cref="RouteAccess"/> and the caller has it. An endpoint added without a declaration answers 403
/// <c>access-not-declared</c> to everyone, so a forgotten declaration fails closed and fails the route-matrix test.
/// The authorization policies on the groups (tenant, admin, tenant-or-admin) still decide who the caller may be;
/// this adds the level of a person's role or a key's scope on top, and refuses every tenant route in a suspended tenant.
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
            RouteAccess.SignedIn => SignedInRefusal(context),
            RouteAccess.Operator => context.User.IsInRole(PlatformClaims.AdminRole) ? Refusal.None : Unauthenticated(context) ? Refusal.Challenge : Refusal.Forbid,
            _ => TenantRefusal(context, endpoint, declared.Access),
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
            case Refusal.SecondFactorMissing:
                await ProblemTypes.Create(StatusCodes.Status403Forbidden, "second-factor-setup-required", "Second factor required",
                    "This tenant requires a second factor: set up TOTP (POST /v1/account/totp) to see its data.").ExecuteAsync(context);
                break;
            case Refusal.InsufficientRole:
                await ProblemTypes.Create(StatusCodes.Status403Forbidden, "insufficient-role", "Insufficient role",
                    $"This route needs the role '{declared.Access.LeastRole().Name()}' or higher; you are '{context.User.RoleOf()?.Name()}' in this tenant.").ExecuteAsync(context);
                break;
            default:
                var required = declared.Access.LeastScope() is { } scope ? $"a key with scope '{scope.Name()}' or higher" : "a person's session with the role 'owner'";
                await ProblemTypes.Create(StatusCodes.Status403Forbidden, "insufficient-scope", "Insufficient scope",
                    $"This route needs {required}; this key has '{context.User.ScopeOf()?.Name()}'.").ExecuteAsync(context);
                break;
        }
    }

    /// <summary>Any caller but a suspended tenant's key: a person keeps their own account whatever their tenants' state.</summary>
    private static Refusal SignedInRefusal(HttpContext context) =>
        Unauthenticated(context) ? Refusal.Challenge
        : context.User.HasClaim(c => c.Type == PlatformClaims.Suspended) && !context.User.HasClaim(c => c.Type == PlatformClaims.UserId) ? Refusal.TenantSuspended
        : Refusal.None;

    private static Refusal TenantRefusal(HttpContext context, Endpoint endpoint, RouteAccess required)
    {
        var user = context.User;
        if (user.HasClaim(c => c.Type == PlatformClaims.Suspended))
        {
            return Refusal.TenantSuspended;
        }

        if (user.HasClaim(c => c.Type == PlatformClaims.SecondFactorMissing))
        {
            return Refusal.SecondFactorMissing;
        }

        if (user.TenantGrant() is { } grant)
        {
            return grant >= required ? Refusal.None : user.RoleOf() is null ? Refusal.InsufficientScope : Refusal.InsufficientRole;
        }

        if (user.IsInRole(PlatformClaims.AdminRole))
        {
            // The admin key acts for tenants only where the route's policy says so (imports by the operator command).
            return endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == PlatformClaims.TenantOrAdminPolicy) ? Refusal.None : Refusal.Forbid;
        }

        return Unauthenticated(context) ? Refusal.Challenge : Refusal.Forbid;
    }

    private static bool Unauthenticated(HttpContext context) => context.User.Identity?.IsAuthenticated != true;

    private enum Refusal
    {
        None,
        Challenge,
        Forbid,
        InsufficientScope,
        InsufficientRole,
        TenantSuspended,
        SecondFactorMissing,
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused a request to {Endpoint}: the endpoint declares no route access")]
    private static partial void LogUndeclared(ILogger logger, string? endpoint);
}
