namespace TlsRptPlatform.Api.Authorization;

/// <summary>
/// The least a caller needs to reach a route. Every endpoint of the API declares one (<see cref="RouteAccessExtensions"/>);
/// <see cref="RouteAccessEnforcement"/> refuses any endpoint that does not. The matrix is in docs/API.md.
/// </summary>
public enum RouteAccess
{
    /// <summary>Anyone: report deliveries, hosted MTA-STS policies, health, the API description, dashboard assets, sign-in.</summary>
    Anonymous,

    /// <summary>A tenant key or session with scope <c>read</c> or higher.</summary>
    Read,

    /// <summary>A tenant key or session with scope <c>write</c> or higher.</summary>
    Write,

    /// <summary>A tenant key or session with scope <c>admin</c>.</summary>
    Admin,

    /// <summary>The platform's admin key (<c>Platform:AdminApiKey</c>) only: the operator's provisioning.</summary>
    Operator,
}
