using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>
/// The test OpenID Connect provider, driven over HTTP the way a browser and a relying party would: each step of the
/// code flow with PKCE, and the refusals the platform's tests will count on.
/// </summary>
public sealed partial class TestOidcProviderTests : IAsyncLifetime
{
    private const string ClientId = "platform";
    private const string ClientSecret = "platform-secret";
    private static readonly Uri RedirectUri = new("http://127.0.0.1:1/v1/auth/oidc/test/callback");

    private TestOidcProvider _provider = null!;
    private HttpClient _browser = null!;
    private JsonNode _discovery = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _provider.RegisterClient(ClientId, ClientSecret, RedirectUri);
        _provider.AddUser("alice", "alice-password", "sub-alice", "alice@example.com", emailVerified: true, "Alice Example");
        _provider.AddUser("bob", "bob-password", "sub-bob", "bob@example.com", emailVerified: false, "Bob Example");
        // A browser: keeps the provider's cookie, and lets each redirect be looked at before it is followed.
        _browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = _provider.Authority,
        };
        _discovery = JsonNode.Parse(await _browser.GetStringAsync(".well-known/openid-configuration"))!;
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _provider.DisposeAsync();
    }

    [Fact]
    public void The_discovery_document_names_the_authority_as_issuer_and_offers_only_the_code_flow_with_S256()
    {
        Assert.Equal(_provider.Authority.AbsoluteUri, (string?)_discovery["issuer"]);
        Assert.Equal(["code"], _discovery["response_types_supported"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(["S256"], _discovery["code_challenge_methods_supported"]!.AsArray().Select(m => (string)m!));
        Assert.StartsWith(_provider.Authority.AbsoluteUri, (string?)_discovery["jwks_uri"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_code_flow_with_PKCE_yields_a_signed_id_token_with_the_users_claims_and_the_nonce()
    {
        var pkce = Pkce.New();
        var state = RandomToken();
        var nonce = RandomToken();

        using var form = await _browser.GetAsync(AuthorizeUrl(pkce.Challenge, state, nonce));
        var page = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains(">Username</label>", page, StringComparison.Ordinal);
        Assert.Contains(">Password</label>", page, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", page, StringComparison.Ordinal);

        var callback = await LogInAndFollowAsync(page, "alice", "alice-password");
        Assert.Equal(state, callback["state"]);
        Assert.Equal(_provider.Authority.AbsoluteUri, callback["iss"]);

        var tokens = await RedeemAsync(callback["code"]!, pkce.Verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var idToken = await ValidatedIdTokenAsync((string)tokens.Body["id_token"]!);
        Assert.Equal("sub-alice", idToken.Subject);
        Assert.Equal(nonce, idToken.GetPayloadValue<string>("nonce"));
        Assert.Equal("alice@example.com", idToken.GetPayloadValue<string>("email"));
        Assert.Equal("Alice Example", idToken.GetPayloadValue<string>("name"));
        Assert.Equal(JsonValueKind.True, Payload(idToken)["email_verified"]!.GetValueKind());

        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, (string)_discovery["userinfo_endpoint"]!);
        userInfoRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens.Body["access_token"]!);
        using var userInfoResponse = await _browser.SendAsync(userInfoRequest);
        var userInfo = JsonNode.Parse(await userInfoResponse.Content.ReadAsStringAsync())!;
        Assert.Equal("sub-alice", (string?)userInfo["sub"]);
        Assert.Equal("alice@example.com", (string?)userInfo["email"]);
        Assert.Equal(JsonValueKind.True, userInfo["email_verified"]!.GetValueKind());
        Assert.Equal("Alice Example", (string?)userInfo["name"]);
    }

    [Fact]
    public async Task A_second_authorization_in_the_same_browser_needs_no_form()
    {
        using var first = await _browser.GetAsync(AuthorizeUrl(Pkce.New().Challenge, "first", RandomToken()));
        await LogInAndFollowAsync(await first.Content.ReadAsStringAsync(), "alice", "alice-password");

        using var second = await _browser.GetAsync(AuthorizeUrl(Pkce.New().Challenge, "second", RandomToken()));

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var callback = Callback(second);
        Assert.Equal("second", callback["state"]);
        Assert.False(string.IsNullOrEmpty(callback["code"]));
    }

    [Fact]
    public async Task The_form_post_response_mode_which_ASP_NET_Cores_handler_asks_for_by_default_posts_code_and_state_back()
    {
        using var first = await _browser.GetAsync(AuthorizeUrl(Pkce.New().Challenge, "first", RandomToken()));
        await LogInAndFollowAsync(await first.Content.ReadAsStringAsync(), "alice", "alice-password");
        var formPost = QueryHelpers.AddQueryString(AuthorizeUrl(Pkce.New().Challenge, "posted", RandomToken()), "response_mode", "form_post");

        using var response = await _browser.GetAsync(formPost);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"action=\"{RedirectUri.AbsoluteUri}\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"code\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"state\" value=\"posted\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unverified_email_is_said_to_be_unverified()
    {
        var pkce = Pkce.New();
        using var form = await _browser.GetAsync(AuthorizeUrl(pkce.Challenge, RandomToken(), RandomToken()));
        var callback = await LogInAndFollowAsync(await form.Content.ReadAsStringAsync(), "bob", "bob-password");

        var tokens = await RedeemAsync(callback["code"]!, pkce.Verifier);

        var idToken = await ValidatedIdTokenAsync((string)tokens.Body["id_token"]!);
        Assert.Equal("sub-bob", idToken.Subject);
        Assert.Equal(JsonValueKind.False, Payload(idToken)["email_verified"]!.GetValueKind());
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_refused_at_the_token_endpoint()
    {
        var pkce = Pkce.New();
        using var form = await _browser.GetAsync(AuthorizeUrl(pkce.Challenge, RandomToken(), RandomToken()));
        var callback = await LogInAndFollowAsync(await form.Content.ReadAsStringAsync(), "alice", "alice-password");

        // client_secret_basic this time: both ways of presenting the secret are accepted.
        var tokens = await RedeemAsync(callback["code"]!, Pkce.New().Verifier, basicAuthentication: true);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", (string?)tokens.Body["error"]);
        Assert.Null(tokens.Body["id_token"]);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused_at_the_token_endpoint()
    {
        var pkce = Pkce.New();
        using var form = await _browser.GetAsync(AuthorizeUrl(pkce.Challenge, RandomToken(), RandomToken()));
        var callback = await LogInAndFollowAsync(await form.Content.ReadAsStringAsync(), "alice", "alice-password");

        var tokens = await RedeemAsync(callback["code"]!, pkce.Verifier, secret: "not-the-secret");

        Assert.Equal("invalid_client", (string?)tokens.Body["error"]);
        Assert.Null(tokens.Body["id_token"]);
    }

    [Fact]
    public async Task An_unknown_client_is_refused_at_the_authorization_endpoint_without_a_redirect()
    {
        using var response = await _browser.GetAsync(AuthorizeUrl(Pkce.New().Challenge, "s", "n", clientId: "stranger"));

        await AssertRefusedHereAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task A_redirect_uri_other_than_the_registered_one_is_refused_without_a_redirect()
    {
        var elsewhere = new Uri("http://127.0.0.1:1/v1/auth/oidc/other/callback");

        using var response = await _browser.GetAsync(AuthorizeUrl(Pkce.New().Challenge, "s", "n", redirectUri: elsewhere));

        await AssertRefusedHereAsync(response, HttpStatusCode.BadRequest, "redirect_uri");
    }

    [Fact]
    public async Task An_authorization_request_without_an_S256_code_challenge_is_refused()
    {
        var withoutChallenge = AuthorizeUrl(null, "s", "n");
        var plain = QueryHelpers.AddQueryString(AuthorizeUrl(null, "s", "n"), new Dictionary<string, string?>
        {
            ["code_challenge"] = Pkce.New().Verifier,
            ["code_challenge_method"] = "plain",
        });

        using var missing = await _browser.GetAsync(withoutChallenge);
        using var plainRefused = await _browser.GetAsync(plain);

        await AssertRefusedHereAsync(missing, HttpStatusCode.BadRequest, "code_challenge");
        await AssertRefusedHereAsync(plainRefused, HttpStatusCode.BadRequest, "code_challenge_method");
    }

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_with_an_error_and_yields_no_code()
    {
        using var form = await _browser.GetAsync(AuthorizeUrl(Pkce.New().Challenge, RandomToken(), RandomToken()));

        using var wrong = await PostLoginAsync(await form.Content.ReadAsStringAsync(), "alice", "not-alices-password");

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Null(wrong.Headers.Location);
        var page = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Wrong username or password.", page, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", page, StringComparison.Ordinal);
        using var again = await _browser.GetAsync(AuthorizeUrl(Pkce.New().Challenge, RandomToken(), RandomToken()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(">Sign in</button>", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private string AuthorizeUrl(string? challenge, string state, string nonce, string clientId = ClientId, Uri? redirectUri = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = (redirectUri ?? RedirectUri).AbsoluteUri,
            ["response_type"] = "code",
            ["scope"] = "openid email profile",
            ["state"] = state,
            ["nonce"] = nonce,
        };
        if (challenge is not null)
        {
            parameters["code_challenge"] = challenge;
            parameters["code_challenge_method"] = "S256";
        }

        return QueryHelpers.AddQueryString((string)_discovery["authorization_endpoint"]!, parameters);
    }

    /// <summary>Submits the login form on this page, follows the provider's redirect back into the authorization
    /// endpoint, and returns the parameters of the final redirect to the client.</summary>
    private async Task<Dictionary<string, string?>> LogInAndFollowAsync(string loginPage, string username, string password)
    {
        using var loggedIn = await PostLoginAsync(loginPage, username, password);
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        using var authorized = await _browser.GetAsync(loggedIn.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        return Callback(authorized);
    }

    private async Task<HttpResponseMessage> PostLoginAsync(string loginPage, string username, string password)
    {
        var form = FormAction().Match(loginPage);
        Assert.True(form.Success, loginPage);
        var returnUrl = WebUtility.HtmlDecode(ReturnUrlField().Match(loginPage).Groups[1].Value);
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = returnUrl,
            ["username"] = username,
            ["password"] = password,
        });
        return await _browser.PostAsync(WebUtility.HtmlDecode(form.Groups[1].Value), fields);
    }

    private static Dictionary<string, string?> Callback(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location!;
        Assert.StartsWith(RedirectUri.AbsoluteUri + "?", location.AbsoluteUri, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> RedeemAsync(
        string code, string verifier, string secret = ClientSecret, bool basicAuthentication = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri.AbsoluteUri,
            ["code_verifier"] = verifier,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, (string)_discovery["token_endpoint"]!);
        if (basicAuthentication)
        {
            // RFC 6749 section 2.3.1: each part form-encoded before the Basic encoding.
            var pair = $"{Uri.EscapeDataString(ClientId)}:{Uri.EscapeDataString(secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        else
        {
            fields["client_id"] = ClientId;
            fields["client_secret"] = secret;
        }

        request.Content = new FormUrlEncodedContent(fields);
        using var response = await _browser.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The id_token after checking its signature against the provider's published keys, its issuer and its audience.</summary>
    private async Task<JsonWebToken> ValidatedIdTokenAsync(string idToken)
    {
        var keys = new JsonWebKeySet(await _browser.GetStringAsync((string)_discovery["jwks_uri"]!));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = _provider.Authority.AbsoluteUri,
            ValidAudience = ClientId,
            IssuerSigningKeys = keys.GetSigningKeys(),
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>The raw payload, to see a claim's JSON type (a boolean, not the string "true").</summary>
    private static JsonNode Payload(JsonWebToken token) => JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!;

    /// <summary>Refused on the provider's own error page: a refused request is never sent on to the redirect_uri it named.</summary>
    private static async Task AssertRefusedHereAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string RandomToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex("""<form method="post" action="([^"]+)">""")]
    private static partial Regex FormAction();

    [GeneratedRegex("""name="returnUrl" value="([^"]*)""")]
    private static partial Regex ReturnUrlField();

    private sealed record Pkce(string Verifier, string Challenge)
    {
        public static Pkce New()
        {
            var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        }
    }
}
