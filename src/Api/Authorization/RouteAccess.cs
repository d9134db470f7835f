namespace TlsRptPlatform.Api.Authorization;

/// <summary>
/// The least a caller needs to reach a route, least first. Every endpoint of the API declares one
/// (<see cref="RouteAccessExtensions"/>); <see cref="RouteAccessEnforcement"/> refuses any endpoint that does not. A
/// person's role and a key's scope each grant a level (<see cref="RouteAccessGrants"/>). The matrix is in docs/API.md.
/// </summary>
public enum RouteAccess
{
    /// <summary>Anyone: report deliveries, hosted MTA-STS policies, health, the API description, dashboard assets, sign-in.</summary>
    Anonymous,

    /// <summary>Anyone signed in — a person (with or without a tenant), a key, the operator: the session and the person's own account.</summary>
    SignedIn,

    /// <summary>Reading the tenant's data: role <c>viewer</c> or higher, a key with scope <c>read</c> or higher.</summary>
    Read,

    /// <summary>Alert rules, checks and imports: role <c>analyst</c> or higher, a key with scope <c>write</c> or higher.</summary>
    Analyze,

    /// <summary>Domains, alert channels, report tokens: role <c>admin</c> or higher, a key with scope <c>write</c> or higher.</summary>
    Write,

    /// <summary>Members, invitations, API keys, tenant settings: role <c>admin</c> or higher, a key with scope <c>admin</c>.</summary>
    Admin,

    /// <summary>Deleting the tenant: role <c>owner</c> only; no key.</summary>
    Owner,

    /// <summary>The platform operator only (the admin key or an operator's session): the operator console.</summary>
    Operator,
}
