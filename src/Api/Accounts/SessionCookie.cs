using Microsoft.AspNetCore.Http;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>The dashboard's session cookie: HttpOnly, SameSite=Strict, Secure whenever users reach the platform over HTTPS.</summary>
public static class SessionCookie
{
    public static void Set(HttpContext context, string sessionId, TimeSpan lifetime, PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(platform);
        context.Response.Cookies.Append(PlatformClaims.SessionCookie, sessionId, new CookieOptions
        {
            HttpOnly = true,
            // Behind a TLS-terminating ingress the request itself is plain HTTP; the public URL says what users see.
            Secure = context.Request.IsHttps || platform.PublicBaseUrl.Scheme == Uri.UriSchemeHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = lifetime,
        });
    }

    public static void Clear(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(PlatformClaims.SessionCookie, new CookieOptions { Path = "/" });
    }
}
