using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Authentication;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;key&gt;</c> and resolves it to the admin role or a tenant; without that header, the
/// dashboard's session cookie (a tenant, with the session's CSRF token as a claim for <see cref="CsrfProtection"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminKey adminKey,
    TenantStore tenants,
    SessionStore sessions,
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
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

        // Cached by hash, so the clear key is never held beyond this request.
        var cacheKey = "apikey:" + ApiKeys.Hash(key);
        if (!cache.TryGetValue(cacheKey, out string? tenantId))
        {
            tenantId = (await tenants.FindByApiKeyAsync(key, Context.RequestAborted))?.Id;
            if (tenantId is not null)
            {
                cache.Set(cacheKey, tenantId, CacheFor);
            }
        }

        return tenantId is null
            ? AuthenticateResult.Fail("Unknown API key.")
            : Success(new Claim(PlatformClaims.TenantId, tenantId));
    }

    private async Task<AuthenticateResult> SessionAsync()
    {
        var cookie = Request.Cookies[PlatformClaims.SessionCookie];
        if (string.IsNullOrEmpty(cookie) || cookie.Length > MaxKeyLength)
        {
            return AuthenticateResult.NoResult();
        }

        var session = await sessions.FindAsync(cookie, Context.RequestAborted);
        return session is { } s
            ? Success(new Claim(PlatformClaims.TenantId, s.TenantId), new Claim(PlatformClaims.SessionCsrf, s.CsrfToken))
            : AuthenticateResult.NoResult();
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, PlatformClaims.Scheme)), PlatformClaims.Scheme));
}
