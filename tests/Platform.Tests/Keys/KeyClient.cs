using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Keys;

/// <summary>Creating named keys and clients that use them.</summary>
public static class KeyClient
{
    /// <summary>Creates a key through <paramref name="admin"/> (a client with an admin-scope key).</summary>
    public static async Task<TestKey> CreateKeyAsync(this HttpClient admin, string scope, string? name = null, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.PostAsJsonAsync("/v1/api-keys", new { name = name ?? scope + " key", scope, expiresAt });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var key = (string)body["key"]!;
        return new TestKey((string)body["id"]!, key, WithKey(admin.BaseAddress!, key));
    }

    public static HttpClient WithKey(Uri baseUrl, string key)
    {
        var client = new HttpClient { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static async Task<JsonArray> ListKeysAsync(this HttpClient admin) =>
        JsonNode.Parse(await admin.GetStringAsync("/v1/api-keys"))!.AsArray();

    /// <summary>A browser-like client signed in to the dashboard with <paramref name="key"/>: the session cookie, and the CSRF header set.</summary>
    public static async Task<SignedIn> SignInAsync(Uri baseUrl, string key)
    {
        var browser = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl };
        using var response = await browser.PostAsJsonAsync("/v1/session", new { apiKey = key });
        response.EnsureSuccessStatusCode();
        var session = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        // The fixtures' public URL is https, so the cookie is Secure and a cookie container would not send it over plain HTTP.
        browser.DefaultRequestHeaders.Add("Cookie", response.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        browser.DefaultRequestHeaders.Add("X-CSRF-Token", (string)session["csrfToken"]!);
        return new SignedIn(browser, session);
    }
}

/// <summary>A created key and a client that authenticates with it.</summary>
public sealed record TestKey(string Id, string Key, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>A dashboard session: the browser-like client (cookie and CSRF header) and the sign-in answer.</summary>
public sealed record SignedIn(HttpClient Browser, JsonNode Session) : IDisposable
{
    public void Dispose() => Browser.Dispose();
}
