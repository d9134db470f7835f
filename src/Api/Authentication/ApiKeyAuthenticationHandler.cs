using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Accounts;
using TlsRptPlatform.Api.Keys;
using TlsRptPlatform.Api.Tenants;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.ApiKeys;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Authentication;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;key&gt;</c> and resolves it to the admin role or a tenant key with its scope; without
/// that header, the dashboard's session cookie: a person's (their role in the tenant they look at) or one signed in
/// with a key (its scope), each with the session's CSRF token as a claim for <see cref="Dashboard.CsrfProtection"/>. A suspended tenant's key is marked
/// <see cref="PlatformClaims.Suspended"/>; its sessions are not accepted at all.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminKey adminKey,
    ApiKeyResolver keys,
    ApiKeyUsage usage,
    SessionStore sessions,
    UserSessionStore people,
    IOptions<AccountOptions> accounts,
    TenantSuspensions suspensions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const int MaxKeyLength = 256;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await SessionAsync();
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > MaxKeyLength)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        if (adminKey.Matches(key))
        {
            return Success(new Claim(ClaimTypes.Role, PlatformClaims.AdminRole));
        }

        var identity = await keys.ResolveAsync(key, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired API key.");
        }

        await usage.RecordAsync(identity.KeyId, Context.RequestAborted);
        var claims = TenantClaims(identity.TenantId, identity.KeyId, identity.KeyName, identity.Scope);
        // A suspended tenant's key still authenticates, so that RouteAccessEnforcement can answer why it is refused
        // (403 tenant-suspended) instead of a bare 401 that reads like a wrong key.
        return await suspensions.IsSuspendedAsync(identity.TenantId, Context.RequestAborted)
            ? Success([.. claims, new Claim(PlatformClaims.Suspended, "true")])
            : Success(claims);
    }

    private async Task<AuthenticateResult> SessionAsync()
    {
        var cookie = Request.Cookies[PlatformClaims.SessionCookie];
        if (string.IsNullOrEmpty(cookie) || cookie.Length > MaxKeyLength)
        {
            return AuthenticateResult.NoResult();
        }

        if (cookie.StartsWith(UserSessionStore.Prefix, StringComparison.Ordinal))
        {
            return await PersonAsync(cookie);
        }

        var session = await sessions.FindAsync(cookie, Context.RequestAborted);
        // Suspending deletes the tenant's sessions; this refuses one started on another process within the cache minute.
        if (session is null || await suspensions.IsSuspendedAsync(session.TenantId, Context.RequestAborted))
        {
            return AuthenticateResult.NoResult();
        }

        await usage.RecordAsync(session.KeyId, Context.RequestAborted);
        return Success([.. TenantClaims(session.TenantId, session.KeyId, session.KeyName, session.Scope), new Claim(PlatformClaims.SessionCsrf, session.CsrfToken)]);
    }

    /// <summary>
    /// A person's session: who they are, and — when they belong to the tenant the session looks at — that tenant and
    /// their role there (marked suspended when the operator suspended it). An operator also gets the operator's role.
    /// </summary>
    private async Task<AuthenticateResult> PersonAsync(string cookie)
    {
        var session = await people.FindAsync(cookie, accounts.Value.SessionIdleTimeout, Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.NoResult();
        }

        List<Claim> claims =
        [
            new(PlatformClaims.UserId, session.UserId),
            new(PlatformClaims.Email, session.Email),
            new(PlatformClaims.SessionCsrf, session.CsrfToken),
        ];
        if (session is { TenantId: { } tenant, Role: { } role })
        {
            claims.Add(new Claim(PlatformClaims.TenantId, tenant));
            claims.Add(new Claim(PlatformClaims.Role, role.Name()));
            if (session.TenantSuspended)
            {
                claims.Add(new Claim(PlatformClaims.Suspended, "true"));
            }

            if (session.SecondFactorMissing)
            {
                claims.Add(new Claim(PlatformClaims.SecondFactorMissing, "true"));
            }
        }

        if (session.Operator)
        {
            claims.Add(new Claim(ClaimTypes.Role, PlatformClaims.AdminRole));
        }

        return Success([.. claims]);
    }

    private static Claim[] TenantClaims(string tenantId, string keyId, string keyName, ApiScope scope) =>
    [
        new(PlatformClaims.TenantId, tenantId),
        new(PlatformClaims.KeyId, keyId),
        new(PlatformClaims.KeyName, keyName),
        new(PlatformClaims.Scope, scope.Name()),
    ];

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, PlatformClaims.Scheme)), PlatformClaims.Scheme));
}
