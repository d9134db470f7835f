using System.Security.Claims;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Api.Authentication;

public static class PlatformClaims
{
    public const string Scheme = "ApiKey";
    public const string TenantId = "tenant_id";

    /// <summary>The scope (<c>read</c>, <c>write</c>, <c>admin</c>) of the key a tenant request was authenticated with, or its session was signed in with.</summary>
    public const string Scope = "scope";

    /// <summary>The id and name of that key: who did it, for the audit log and the last-used time.</summary>
    public const string KeyId = "key_id";
    public const string KeyName = "key_name";

    /// <summary>A person signed in to the dashboard: their account id and address (who did it, for the audit log).</summary>
    public const string UserId = "user_id";
    public const string Email = "email";

    /// <summary>The person's role (<c>viewer</c>, <c>analyst</c>, <c>admin</c>, <c>owner</c>) in the tenant their session looks at.</summary>
    public const string Role = "tenant_role";

    /// <summary>Present when the request was authenticated by a dashboard session cookie: that session's CSRF token.</summary>
    public const string SessionCsrf = "session_csrf";

    /// <summary>Present when the key's tenant is suspended by the operator: every route that needs a tenant refuses it.</summary>
    public const string Suspended = "tenant_suspended";

    /// <summary>Present when the person's tenant requires a second factor they have not set up: tenant routes refuse them until they do.</summary>
    public const string SecondFactorMissing = "second_factor_missing";

    public const string SessionCookie = "tlsrpt_session";
    /// <summary>The platform operator: the admin key, or the session of a person marked operator.</summary>
    public const string AdminRole = "admin";
    public const string TenantPolicy = "tenant";
    public const string AdminPolicy = "admin";

    /// <summary>A tenant acting on its own data, or the admin key acting for whichever tenant holds it (the operator's commands).</summary>
    public const string TenantOrAdminPolicy = "tenant-or-admin";

    /// <summary>The authenticated tenant; endpoints behind <see cref="TenantPolicy"/> always have one.</summary>
    public static string TenantIdOf(this ClaimsPrincipal user) =>
        user?.FindFirstValue(TenantId) ?? throw new InvalidOperationException("The request is not authenticated as a tenant.");

    /// <summary>The person's role in the request's tenant, or null for keys and anonymous requests.</summary>
    public static TenantRole? RoleOf(this ClaimsPrincipal user) =>
        user?.FindFirstValue(Role) is { } name && TenantRoles.TryParse(name, out var role) ? role : null;

    /// <summary>The tenant scope of the request, or null for the admin key and anonymous requests.</summary>
    public static ApiScope? ScopeOf(this ClaimsPrincipal user) =>
        user?.FindFirstValue(Scope) is { } name && ApiScopes.TryParse(name, out var scope) ? scope : null;
}
