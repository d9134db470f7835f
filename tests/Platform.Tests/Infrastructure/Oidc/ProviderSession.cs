using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// The browser's signed-in session at the provider (a cookie), so that a second authorization goes straight back to
/// the client without the form, as at a real identity provider. It holds only the subject; the user's claims are read
/// from the directory each time.
/// </summary>
internal static class ProviderSession
{
    public const string Scheme = "TestOidcProviderSession";

    /// <summary>
    /// Cookies are not kept apart by port, and the platform under test runs on the same 127.0.0.1: the port in the
    /// name keeps two providers, and the platform's own cookies, from overwriting each other.
    /// </summary>
    public static string CookieName(int port) => $"test-oidc-provider-{port}";

    public static Task SignInAsync(HttpContext context, TestOidcUser user) =>
        context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user.Subject)], Scheme)));

    public static async Task<string?> SubjectAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        return result.Succeeded ? result.Principal.FindFirstValue("sub") : null;
    }
}
