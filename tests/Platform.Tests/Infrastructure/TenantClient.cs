using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Calls a test makes as a tenant.</summary>
public static class TenantClient
{
    /// <summary>Creates a tenant with the test admin key and returns a client authenticated as that tenant.</summary>
    public static async Task<HttpClient> CreateTenantAsync(Uri baseUrl, string name = "Tenant", Func<HttpMessageHandler>? handler = null) =>
        (await CreateTenantWithKeyAsync(baseUrl, name, handler)).Client;

    /// <summary>As <see cref="CreateTenantAsync"/>, and the tenant's API key too (to sign in to the dashboard with).</summary>
    public static async Task<(string Key, HttpClient Client)> CreateTenantWithKeyAsync(Uri baseUrl, string name = "Tenant", Func<HttpMessageHandler>? handler = null)
    {
        handler ??= () => new SocketsHttpHandler();
        using var admin = new HttpClient(handler()) { BaseAddress = baseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlatformFixture.AdminKey);
        using var response = await admin.PostAsJsonAsync("/v1/tenants", new { name });
        response.EnsureSuccessStatusCode();
        var apiKey = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["apiKey"]!;
        var client = new HttpClient(handler()) { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return (apiKey, client);
    }

    public static async Task<List<(string Name, string Token)>> RegisterDomainsAsync(this HttpClient tenant, int count)
    {
        var domains = new List<(string Name, string Token)>(count);
        for (var i = 0; i < count; i++)
        {
            domains.Add(await tenant.RegisterDomainAsync());
        }

        return domains;
    }

    public static async Task<(string Name, string Token)> RegisterDomainAsync(this HttpClient tenant, string? name = null)
    {
        using var response = await tenant.PostAsJsonAsync("/v1/domains", new { name = name ?? $"t{Guid.NewGuid():N}.example" });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)body["name"]!, (string)body["reportToken"]!);
    }
}
