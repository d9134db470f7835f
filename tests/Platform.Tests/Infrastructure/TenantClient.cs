using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Calls a test makes as a tenant.</summary>
public static class TenantClient
{
    public static async Task<(string Name, string Token)> RegisterDomainAsync(this HttpClient tenant, string? name = null)
    {
        using var response = await tenant.PostAsJsonAsync("/v1/domains", new { name = name ?? $"t{Guid.NewGuid():N}.example" });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)body["name"]!, (string)body["reportToken"]!);
    }
}
