using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>
/// The test provider against the client the platform uses, ASP.NET Core's OpenID Connect handler with its defaults
/// (code flow, PKCE, nonce, form_post), in a small relying party of its own: what a platform test has to set, and
/// that nothing else is needed.
/// </summary>
public sealed class TestOidcProviderWithAspNetCoreClientTests : IAsyncLifetime
{
    private const string CallbackPath = "/v1/auth/oidc/test/callback";

    private TestOidcProvider _provider = null!;
    private WebApplication _relyingParty = null!;
    private HttpClient _browser = null!;
    private Uri _relyingPartyBase = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        var port = FreePort.Next();
        _relyingPartyBase = new Uri($"http://127.0.0.1:{port}/");
        _provider.RegisterClient("platform", "platform-secret", new Uri(_relyingPartyBase, CallbackPath));
        _provider.AddUser("alice", "alice-password", "sub-alice", "alice@example.com", emailVerified: true, "Alice Example");
        _relyingParty = await StartRelyingPartyAsync(port, _provider.Authority);
        // One cookie jar for both, as in a browser: cookies of 127.0.0.1 go to every port.
        _browser = OidcFormBrowser.New();
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _relyingParty.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task ASP_NET_Cores_OpenID_Connect_handler_signs_in_through_the_login_form()
    {
        using var challenge = await _browser.GetAsync(new Uri(_relyingPartyBase, "/login"));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(_provider.Authority.AbsoluteUri, challenge.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", challenge.Headers.Location.Query, StringComparison.Ordinal);

        using var loginPage = await _browser.GetAsync(challenge.Headers.Location);
        var formPost = await OidcFormBrowser.LogInAsync(_browser, await loginPage.Content.ReadAsStringAsync(), new Uri(_provider.Authority, "/"), "alice", "alice-password");
        using var callback = await OidcFormBrowser.PostBackAsync(_browser, formPost);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        using var me = await _browser.GetAsync(new Uri(_relyingPartyBase, callback.Headers.Location!.OriginalString));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var claims = JsonNode.Parse(await me.Content.ReadAsStringAsync())!;
        Assert.Equal("sub-alice", (string?)claims["sub"]);
        Assert.Equal("alice@example.com", (string?)claims["email"]);
        Assert.Equal("true", (string?)claims["email_verified"]);
        Assert.Equal("Alice Example", (string?)claims["name"]);
        Assert.Equal(_provider.Authority.AbsoluteUri, (string?)claims["issuer"]);
    }

    [Fact]
    public async Task A_browser_signs_in_on_the_providers_form_and_the_second_time_without_it()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(_relyingPartyBase, "/login").AbsoluteUri);
        await page.GetByLabel("Username").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync("not-alices-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong username or password.");
        await page.GetByLabel("Username").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync("alice-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(_relyingPartyBase, "/me").AbsoluteUri);
        Assert.Equal("sub-alice", (string?)JsonNode.Parse(await page.InnerTextAsync("body"))!["sub"]);

        // Signed out at the relying party only: the provider's session brings the browser straight back.
        await page.Context.ClearCookiesAsync(new() { Domain = "127.0.0.1", Name = $"relying-party-{_relyingPartyBase.Port}" });
        await page.GotoAsync(new Uri(_relyingPartyBase, "/login").AbsoluteUri);
        await page.WaitForURLAsync(new Uri(_relyingPartyBase, "/me").AbsoluteUri);
        Assert.Equal("sub-alice", (string?)JsonNode.Parse(await page.InnerTextAsync("body"))!["sub"]);
    }

    /// <summary>
    /// The settings a platform test needs against this provider: its authority, the client registered there, plain
    /// HTTP metadata, and correlation and nonce cookies that work over HTTP. The handler makes those two cookies
    /// Secure and SameSite=None, for a provider on another site posting back over HTTPS; over HTTP a client does not
    /// send a Secure cookie, and Chromium drops a SameSite=None one that is not Secure ("Correlation failed"). Lax is
    /// enough here: the provider on another port of 127.0.0.1 is the same site, so its form_post carries them.
    /// </summary>
    private static async Task<WebApplication> StartRelyingPartyAsync(int port, Uri authority)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie => cookie.Cookie.Name = $"relying-party-{port}")
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = authority.AbsoluteUri;
                oidc.ClientId = "platform";
                oidc.ClientSecret = "platform-secret";
                oidc.ResponseType = "code";
                oidc.CallbackPath = CallbackPath;
                oidc.RequireHttpsMetadata = false;
                oidc.MapInboundClaims = false;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.Scope.Add("email");
            });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, [OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? Results.Json(Described(user)) : Results.Unauthorized());
        await app.StartAsync();
        return app;
    }

    /// <summary>The signed-in user's claims; the handler keeps no <c>iss</c> claim, the issuer is each claim's
    /// <see cref="Claim.Issuer"/> (where the platform finds it to key accounts by issuer and subject).</summary>
    private static Dictionary<string, string> Described(ClaimsPrincipal user)
    {
        var claims = user.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value);
        claims["issuer"] = user.FindFirst("sub")!.Issuer;
        return claims;
    }
}
