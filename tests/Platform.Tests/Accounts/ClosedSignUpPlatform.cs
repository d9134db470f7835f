using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>The embedded store with the default closed sign-up and no mail server; links come back from the API.</summary>
public abstract class ClosedSignUpPlatform : PlatformFixture
{
    public HttpClient AdminClient()
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>An operator account made with the admin key, its password set, signed in. Each sign-in costs the
    /// address-limited routes two requests (setting the password, signing in).</summary>
    public async Task<PersonClient> NewOperatorAsync()
    {
        using var admin = AdminClient();
        var email = PersonClient.NewEmail("operator");
        using var created = await admin.PostAsJsonAsync("/v1/admin/operators", new { email });
        var link = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["passwordLink"]!;
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var set = await admin.PostAsJsonAsync("/v1/account/password-reset/confirm", new { token, password = PersonClient.Password });
        set.EnsureSuccessStatusCode();
        return await PersonClient.SignInAsync(BaseUrl, email);
    }

    protected abstract IReadOnlyDictionary<string, string?> AccountSettings { get; }

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>(AccountSettings)
        {
            ["Platform:PublicBaseUrl"] = BaseUrl.ToString(),
        });
}

/// <summary>A low limit on account requests per client address.</summary>
public sealed class AccountLimitsPlatform : ClosedSignUpPlatform
{
    public const int PerAddressPerMinute = 6;

    protected override IReadOnlyDictionary<string, string?> AccountSettings => new Dictionary<string, string?>
    {
        ["Accounts:RequestsPerAddressPerMinute"] = PerAddressPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Sessions that end after seconds.</summary>
public sealed class ShortSessionPlatform : ClosedSignUpPlatform
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(9);

    protected override IReadOnlyDictionary<string, string?> AccountSettings => new Dictionary<string, string?>
    {
        ["Accounts:SessionIdleTimeout"] = IdleTimeout.ToString(),
        ["Accounts:SessionLifetime"] = Lifetime.ToString(),
    };
}
