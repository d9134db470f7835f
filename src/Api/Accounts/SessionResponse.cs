using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// The signed-in session as the dashboard needs it: the tenant it looks at (null for a person without one), what it may
/// do there (<paramref name="Access"/>: <c>read</c>, <c>analyze</c>, <c>write</c>, <c>admin</c> or <c>owner</c>), the
/// CSRF token, and for a person their account and the tenants they can switch to.
/// </summary>
/// <param name="Scope">The key's scope for a session signed in with a key; null for a person.</param>
/// <param name="Role">The person's role in the tenant; null for a key.</param>
public sealed record SessionResponse(
    string? TenantId,
    string? TenantName,
    string CsrfToken,
    string? Scope,
    string? Access,
    string? Role,
    SessionUser? User,
    bool Operator,
    IReadOnlyList<TenantChoice> Tenants)
{
    public static SessionResponse ForKey(string tenantId, string tenantName, ApiScope scope, string csrf) =>
        new(tenantId, tenantName, csrf, scope.Name(), Name(scope.Grant()), null, null, false, [new TenantChoice(tenantId, tenantName, null, false)]);

    public static SessionResponse ForPerson(
        string userId, string email, bool isOperator, bool totpEnabled, MembershipRecord? current, IReadOnlyList<MembershipRecord> tenants, string csrf) =>
        new(current?.TenantId, current?.TenantName, csrf, null, current is null ? null : Name(current.Role.Grant()), current?.Role.Name(),
            new SessionUser(userId, email, totpEnabled), isOperator, [.. tenants.Select(t => new TenantChoice(t.TenantId, t.TenantName, t.Role.Name(), t.Suspended))]);

    private static string Name(RouteAccess access) => new RouteAccessMetadata(access).Name;
}

/// <summary>The signed-in person.</summary>
public sealed record SessionUser(string Id, string Email, bool TotpEnabled);

/// <summary>A tenant the session can look at, with the person's role there (null for a key).</summary>
public sealed record TenantChoice(string Id, string Name, string? Role, bool Suspended);
