using System.Net;
using System.Text.RegularExpressions;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// What a browser does on an OpenID Connect sign-in with ASP.NET Core's handler, step by step over HTTP (no redirects
/// followed automatically): the challenge, the provider's login form, the form_post page's post back to the client.
/// One cookie jar for all, as in a browser: cookies of 127.0.0.1 go to every port.
/// </summary>
public static partial class OidcFormBrowser
{
    public static HttpClient New() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

    /// <summary>
    /// Starts at <paramref name="start"/> (the client's challenge), logs in at the provider and posts the answer back;
    /// returns the client's answer to that post (its redirect after the sign-in).
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, Uri start, Uri provider, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var challenge = await browser.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var loginPage = await browser.GetAsync(challenge.Headers.Location);
        var formPost = await LogInAsync(browser, await loginPage.Content.ReadAsStringAsync(), provider, username, password);
        return await PostBackAsync(browser, formPost);
    }

    /// <summary>Fills in the provider's form and follows it back into the authorization endpoint, which answers with the form_post page.</summary>
    public static async Task<string> LogInAsync(HttpClient browser, string loginPage, Uri provider, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var fields = HiddenFields(loginPage);
        fields["username"] = username;
        fields["password"] = password;
        using var form = new FormUrlEncodedContent(fields);
        using var loggedIn = await browser.PostAsync(new Uri(provider, WebUtility.HtmlDecode(FormAction().Match(loginPage).Groups[1].Value)), form);
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        using var authorized = await browser.GetAsync(new Uri(provider, loggedIn.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        return await authorized.Content.ReadAsStringAsync();
    }

    /// <summary>What the form_post page's script would do in a browser: post its fields to its action.</summary>
    public static async Task<HttpResponseMessage> PostBackAsync(HttpClient browser, string formPostPage)
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var fields = new FormUrlEncodedContent(HiddenFields(formPostPage));
        return await browser.PostAsync(new Uri(WebUtility.HtmlDecode(FormAction().Match(formPostPage).Groups[1].Value)), fields);
    }

    private static Dictionary<string, string> HiddenFields(string page) => HiddenField().Matches(page)
        .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    [GeneratedRegex("""<form[^>]* action="([^"]+)"[^>]*>""")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
