using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>Signing in through a real OpenID Connect provider (code flow, PKCE, state, nonce) over real HTTP redirects.</summary>
public sealed class OidcSignInTests(OidcPlatform platform) : IClassFixture<OidcPlatform>
{
    [Fact]
    public async Task The_sign_in_page_lists_the_provider_and_an_unknown_one_is_not_found()
    {
        var providers = JsonNode.Parse(await platform.Http.GetStringAsync("/v1/auth/providers"))!.AsArray();
        var provider = Assert.Single(providers)!;
        Assert.Equal((OidcPlatform.ProviderId, OidcPlatform.DisplayName, "/v1/auth/oidc/test"),
            ((string)provider["id"]!, (string)provider["displayName"]!, (string)provider["signInUrl"]!));
        using var unknown = await platform.Http.GetAsync("/v1/auth/oidc/nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var start = await OidcFormBrowser.New().GetAsync(platform.SignInStart);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var query = start.Headers.Location!.Query;
        Assert.StartsWith(platform.Provider.Authority.AbsoluteUri, start.Headers.Location.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", query, StringComparison.Ordinal);
        Assert.Contains("state=", query, StringComparison.Ordinal);
        Assert.Contains("nonce=", query, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString($"{platform.BaseUrl}v1/auth/oidc/test/callback"), query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_identity_gets_an_account_and_the_same_identity_comes_back_to_it()
    {
        var email = PersonClient.NewEmail("sso");
        var subject = Guid.NewGuid().ToString("N");
        platform.Provider.AddUser(subject, "provider-password", subject, email, emailVerified: true, "Sso Person");

        var first = await SignInAsync(subject);
        Assert.Equal(email, (string)first["user"]!["email"]!);
        Assert.Equal("owner", (string?)first["role"]);

        var again = await SignInAsync(subject);
        Assert.Equal((string)first["user"]!["id"]!, (string)again["user"]!["id"]!);
        Assert.Equal((string?)first["tenantId"], (string?)again["tenantId"]);
    }

    [Fact]
    public async Task A_verified_address_links_to_the_existing_account_and_an_unverified_one_does_not()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        var ownerId = (string)owner.Session["user"]!["id"]!;

        var unverified = Guid.NewGuid().ToString("N");
        platform.Provider.AddUser(unverified, "provider-password", unverified, owner.Email, emailVerified: false, "Impostor");
        using (var browser = OidcFormBrowser.New())
        using (var refused = await OidcFormBrowser.SignInAsync(browser, platform.SignInStart, platform.Provider.Authority, unverified, "provider-password"))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/#/sign-in?error=oidc-email-unverified", refused.Headers.Location!.OriginalString);
            using var noSession = await browser.GetAsync(new Uri(platform.BaseUrl, "/v1/session"));
            Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        }

        var verified = Guid.NewGuid().ToString("N");
        platform.Provider.AddUser(verified, "provider-password", verified, owner.Email.ToUpperInvariant(), emailVerified: true, "Owner Again");
        var linked = await SignInAsync(verified);
        Assert.Equal(ownerId, (string)linked["user"]!["id"]!);
        Assert.Equal(owner.TenantId, (string?)linked["tenantId"]);
    }

    [Fact]
    public async Task A_password_set_by_someone_who_signed_up_with_the_address_first_does_not_survive_its_owners_sign_in()
    {
        // The attacker signs up with the victim's address and never confirms it (they cannot: the mail goes to the victim).
        var email = PersonClient.NewEmail("victim");
        using (var squat = await platform.Http.PostAsJsonAsync("/v1/account/sign-up", new { email, password = "attacker's passphrase", tenantName = "Trap" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, squat.StatusCode);
        }

        var subject = Guid.NewGuid().ToString("N");
        platform.Provider.AddUser(subject, "provider-password", subject, email, emailVerified: true, "Victim");
        var victim = await SignInAsync(subject);
        Assert.Equal(email, (string)victim["user"]!["email"]!);

        // The address is now confirmed, and the attacker's password opens nothing.
        using var attacker = await platform.Http.PostAsJsonAsync("/v1/session", new { email, password = "attacker's passphrase" });
        Assert.Equal(HttpStatusCode.Unauthorized, attacker.StatusCode);
    }

    /// <summary>Signs in through the provider as <paramref name="username"/> and returns the platform session it lands in.</summary>
    private async Task<JsonNode> SignInAsync(string username)
    {
        using var browser = OidcFormBrowser.New();
        using var landed = await OidcFormBrowser.SignInAsync(browser, platform.SignInStart, platform.Provider.Authority, username, "provider-password");
        Assert.True(landed.StatusCode == HttpStatusCode.Redirect, await landed.Content.ReadAsStringAsync());
        Assert.Equal("/#/", landed.Headers.Location!.OriginalString);
        using var session = await browser.GetAsync(new Uri(platform.BaseUrl, "/v1/session"));
        var body = await session.Content.ReadAsStringAsync();
        Assert.True(session.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }
}
