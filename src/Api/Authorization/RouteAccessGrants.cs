using System.Security.Claims;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Api.Authorization;

/// <summary>What a person's role or a key's scope lets its holder reach in its tenant.</summary>
public static class RouteAccessGrants
{
    public static RouteAccess Grant(this TenantRole role) => role switch
    {
        TenantRole.Viewer => RouteAccess.Read,
        TenantRole.Analyst => RouteAccess.Analyze,
        TenantRole.Admin => RouteAccess.Admin,
        _ => RouteAccess.Owner,
    };

    public static RouteAccess Grant(this ApiScope scope) => scope switch
    {
        ApiScope.Read => RouteAccess.Read,
        ApiScope.Write => RouteAccess.Write,
        _ => RouteAccess.Admin,
    };

    /// <summary>The caller's level in its tenant: from its role when a person, its key's scope otherwise; null without a tenant.</summary>
    public static RouteAccess? TenantGrant(this ClaimsPrincipal user) =>
        user.RoleOf()?.Grant() ?? user.ScopeOf()?.Grant();

    /// <summary>The least role that reaches <paramref name="access"/>.</summary>
    public static TenantRole LeastRole(this RouteAccess access) => access switch
    {
        RouteAccess.Read => TenantRole.Viewer,
        RouteAccess.Analyze => TenantRole.Analyst,
        RouteAccess.Write or RouteAccess.Admin => TenantRole.Admin,
        _ => TenantRole.Owner,
    };

    /// <summary>The least key scope that reaches <paramref name="access"/>, or null when no key does.</summary>
    public static ApiScope? LeastScope(this RouteAccess access) => access switch
    {
        RouteAccess.Read => ApiScope.Read,
        RouteAccess.Analyze or RouteAccess.Write => ApiScope.Write,
        RouteAccess.Admin => ApiScope.Admin,
        _ => null,
    };
}
