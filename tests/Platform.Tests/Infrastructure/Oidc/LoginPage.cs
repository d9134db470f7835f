using System.Net;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// The provider's sign-in page: plain HTML, labelled fields "Username" and "Password" and a "Sign in" button, so a
/// browser test finds them by label and role. The pending authorization request travels in a hidden field and is
/// resumed after a good login.
/// </summary>
internal static class LoginPage
{
    public const string Path = "/account/login";

    public static string Html(string returnUrl, string? error)
    {
        var message = error is null ? "" : $"""<p role="alert" id="error">{WebUtility.HtmlEncode(error)}</p>""";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Test OpenID Provider - Sign in</title></head>
            <body>
            <main>
            <h1>Test OpenID Provider</h1>
            {message}
            <form method="post" action="{Path}">
            <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
            <p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" required></p>
            <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
            <p><button type="submit">Sign in</button></p>
            </form>
            </main>
            </body>
            </html>
            """;
    }
}
