using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Tools;

/// <summary>What the load and abuse tools set up through the public API before they measure: a tenant and its domains.</summary>
internal static class PlatformSetup
{
    /// <summary>Creates a tenant with the admin key; returns the tenant's API key.</summary>
    public static async Task<string> CreateTenantAsync(HttpClient http, string adminKey, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["apiKey"]!;
    }

    /// <summary>Registers a domain for the tenant; returns its normalised name and report token.</summary>
    public static async Task<(string Name, string Token)> RegisterAsync(HttpClient http, string apiKey, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/domains") { Content = JsonContent.Create(new { name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)body["name"]!, (string)body["reportToken"]!);
    }
}
