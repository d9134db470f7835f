using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// A real OpenID Connect provider for tests (OpenIddict's server on its own Kestrel, http://127.0.0.1:&lt;port&gt;/):
/// discovery, JWKS, the authorization endpoint (code flow only, PKCE with S256 required, a login form for a browser
/// that is not signed in, then a cookie session), the token endpoint (confidential clients, client_secret_post or
/// client_secret_basic) and userinfo. Tokens carry <c>sub</c>, <c>email</c>, <c>email_verified</c> and <c>name</c>.
/// </summary>
/// <remarks>
/// OpenIddict runs in degraded mode, without OpenIddict.Core and its stores: the only store-backed checks needed are
/// "is this client registered, with this redirect_uri and secret", which two small handlers do against an in-memory
/// directory (<see cref="RegisteredClientAtAuthorization"/>, <see cref="RegisteredClientAtToken"/>). An in-memory
/// application store would mean implementing OpenIddict's store interfaces, or adding EF Core and a database
/// provider, for the same two checks. Everything else (PKCE, the code's client, redirect_uri and lifetime, nonce,
/// state, signing) is OpenIddict's own. What degraded mode gives up: codes are self-contained, so one could be
/// redeemed twice within its lifetime; no test here relies on that being refused.
/// </remarks>
public sealed class TestOidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestOidcDirectory _directory;

    private TestOidcProvider(WebApplication app, TestOidcDirectory directory, Uri authority)
    {
        _app = app;
        _directory = directory;
        Authority = authority;
    }

    /// <summary>The issuer, with its trailing slash: the discovery document and every token say exactly this.</summary>
    public Uri Authority { get; }

    public static async Task<TestOidcProvider> StartAsync()
    {
        var port = FreePort.Next();
        var authority = new Uri($"http://127.0.0.1:{port}/");
        var directory = new TestOidcDirectory();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Keys for the session cookie live and die with this provider, and never land in the user's key ring folder.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication().AddCookie(ProviderSession.Scheme, cookie =>
        {
            cookie.Cookie.Name = ProviderSession.CookieName(port);
            cookie.Cookie.HttpOnly = true;
        });
        builder.Services.AddSingleton(directory);
        builder.Services.AddOpenIddict().AddServer(server => ConfigureServer(server, authority, directory));

        var app = builder.Build();
        app.UseAuthentication();
        ProviderEndpoints.Map(app);
        await app.StartAsync();
        return new TestOidcProvider(app, directory, authority);
    }

    /// <summary>A confidential client: it must present this secret at the token endpoint, and use exactly this redirect URI.</summary>
    public void RegisterClient(string clientId, string clientSecret, Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        _directory.Add(new TestOidcClient(clientId, clientSecret, redirectUri));
    }

    /// <summary>A user who can sign in on the login form with this name and password.</summary>
    public void AddUser(string username, string password, string subject, string email, bool emailVerified, string name) =>
        _directory.Add(new TestOidcUser(username, password, subject, email, emailVerified, name));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void ConfigureServer(OpenIddictServerBuilder server, Uri authority, TestOidcDirectory directory)
    {
        server.SetIssuer(authority)
            .SetAuthorizationEndpointUris(ProviderEndpoints.AuthorizationPath.TrimStart('/'))
            .SetTokenEndpointUris(ProviderEndpoints.TokenPath.TrimStart('/'))
            .SetUserInfoEndpointUris(ProviderEndpoints.UserInfoPath.TrimStart('/'))
            .SetConfigurationEndpointUris(".well-known/openid-configuration")
            .SetJsonWebKeySetEndpointUris(".well-known/jwks")
            .AllowAuthorizationCodeFlow()
            .RequireProofKeyForCodeExchange()
            .RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile)
            .RegisterClaims(Claims.Subject, Claims.Email, Claims.EmailVerified, Claims.Name)
            // Fresh RSA keys in memory for each provider: nothing is written to a certificate store.
            .AddEphemeralSigningKey()
            .AddEphemeralEncryptionKey()
            // Codes stay encrypted; access tokens are plain signed JWTs, as most providers' are, which eases debugging.
            .DisableAccessTokenEncryption()
            .EnableDegradedMode()
            .AddEventHandler(new RegisteredClientAtAuthorization(directory).Descriptor)
            .AddEventHandler(new RegisteredClientAtToken(directory).Descriptor)
            .Configure(options =>
            {
                // PKCE with S256 only: a "plain" challenge, or none, is refused at the authorization endpoint.
                options.CodeChallengeMethods.Clear();
                options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
            })
            .UseAspNetCore()
            // Plain HTTP on loopback: the tests have no certificate for 127.0.0.1, and nothing leaves the machine.
            .DisableTransportSecurityRequirement()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough()
            .EnableUserInfoEndpointPassthrough();
    }
}
