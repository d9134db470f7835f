using TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// <see cref="PeoplePlatform"/> with a real OpenID Connect provider of its own (<see cref="TestOidcProvider"/>),
/// configured as provider <c>test</c> the way docs/sign-in/oidc.md tells an operator to.
/// </summary>
public sealed class OidcPlatform : PeoplePlatform
{
    public const string ProviderId = "test";
    public const string DisplayName = "Test Identity";

    public TestOidcProvider Provider { get; private set; } = null!;

    public Uri SignInStart => new(BaseUrl, $"/v1/auth/oidc/{ProviderId}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        Provider = await TestOidcProvider.StartAsync();
        // The provider's first answers (discovery, keys) are slow while it builds its keys; the platform's handler gives a
        // provider 10 s, which a busy test machine can exceed. Ask once here so the tests measure the platform.
        using (var warmUp = new HttpClient { Timeout = TimeSpan.FromMinutes(1) })
        {
            var discovery = System.Text.Json.Nodes.JsonNode.Parse(await warmUp.GetStringAsync(new Uri(Provider.Authority, ".well-known/openid-configuration")))!;
            await warmUp.GetStringAsync((string)discovery["jwks_uri"]!);
        }

        Provider.RegisterClient("tlsrpt-platform", "client-secret-for-tests", new Uri(BaseUrl, $"/v1/auth/oidc/{ProviderId}/callback"));
        var settings = new Dictionary<string, string?>(await base.SettingsAsync())
        {
            [$"Authentication:Oidc:{ProviderId}:Authority"] = Provider.Authority.AbsoluteUri,
            [$"Authentication:Oidc:{ProviderId}:ClientId"] = "tlsrpt-platform",
            [$"Authentication:Oidc:{ProviderId}:ClientSecret"] = "client-secret-for-tests",
            [$"Authentication:Oidc:{ProviderId}:DisplayName"] = DisplayName,
            [$"Authentication:Oidc:{ProviderId}:RequireHttpsMetadata"] = "false",
        };
        return settings;
    }
}
