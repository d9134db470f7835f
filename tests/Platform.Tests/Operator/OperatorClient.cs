using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Operator;

/// <summary>Calls a test makes as the platform operator (the admin key).</summary>
public static class OperatorClient
{
    public static HttpClient Create(Uri baseUrl) => WithKey(baseUrl, PlatformFixture.AdminKey);

    public static HttpClient WithKey(Uri baseUrl, string key)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A new tenant: its id, its first (admin) key and a client using that key.</summary>
    public static async Task<OperatedTenant> CreateTenantAsync(this HttpClient operatorClient, string name = "Tenant")
    {
        using var response = await operatorClient.PostAsJsonAsync("/v1/tenants", new { name });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var key = (string)body["apiKey"]!;
        return new OperatedTenant((string)body["id"]!, key, WithKey(operatorClient.BaseAddress!, key));
    }

    public static async Task<JsonNode> TenantAsync(this HttpClient operatorClient, string id) =>
        JsonNode.Parse(await operatorClient.GetStringAsync($"/v1/admin/tenants/{id}"))!;

    public static async Task SuspendAsync(this HttpClient operatorClient, string id)
    {
        using var response = await operatorClient.PostAsync($"/v1/admin/tenants/{id}/suspend", null);
        response.EnsureSuccessStatusCode();
    }

    public static async Task ResumeAsync(this HttpClient operatorClient, string id)
    {
        using var response = await operatorClient.PostAsync($"/v1/admin/tenants/{id}/resume", null);
        response.EnsureSuccessStatusCode();
    }

    public static async Task SetQuotaAsync(this HttpClient operatorClient, string id, int? maxDomains)
    {
        using var response = await operatorClient.PutAsJsonAsync($"/v1/admin/tenants/{id}/quota", new { maxDomains });
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>A tenant created by the operator, with a client using its first key.</summary>
public sealed record OperatedTenant(string Id, string Key, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
