using System.Security.Claims;
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

    /// <summary>Present when the request was authenticated by a dashboard session cookie: that session's CSRF token.</summary>
    public const string SessionCsrf = "session_csrf";

    /// <summary>Present when the key's tenant is suspended by the operator: every route that needs a tenant refuses it.</summary>
    public const string Suspended = "tenant_suspended";

    public const string SessionCookie = "tlsrpt_session";
    public const string AdminRole = "admin";
    public const string TenantPolicy = "tenant";
    public const string AdminPolicy = "admin";

    /// <summary>A tenant acting on its own data, or the admin key acting for whichever tenant holds it (the operator's commands).</summary>
    public const string TenantOrAdminPolicy = "tenant-or-admin";

    /// <summary>The authenticated tenant; endpoints behind <see cref="TenantPolicy"/> always have one.</summary>
    public static string TenantIdOf(this ClaimsPrincipal user) =>
        user?.FindFirstValue(TenantId) ?? throw new InvalidOperationException("The request is not authenticated as a tenant.");

    /// <summary>The tenant scope of the request, or null for the admin key and anonymous requests.</summary>
    public static ApiScope? ScopeOf(this ClaimsPrincipal user) =>
        user?.FindFirstValue(Scope) is { } name && ApiScopes.TryParse(name, out var scope) ? scope : null;
}
