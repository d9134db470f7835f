using System.Net;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// Red-team finding: behind the Ingress every connection comes from the controller, so without X-Forwarded-For the
/// per-address limit was one bucket for all senders — one flood throttled everyone. The deployment turns forwarded
/// headers on; the limit then holds per real client, and a client cannot pick its address past the last hop.
/// </summary>
public sealed class ProxiedRateLimitTests(ProxiedPlatform platform) : IClassFixture<ProxiedPlatform>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task The_address_limit_holds_per_forwarded_client_not_per_proxy()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var flooder = new List<HttpStatusCode>();

        for (var i = 0; i <= ProxiedPlatform.PerAddress; i++)
        {
            flooder.Add(await PostAsync(token, name, $"flood-{i}", "192.0.2.66"));
        }

        // The proxy appends the real address last; whatever a client put before it does not count.
        var spoofing = await PostAsync(token, name, "spoof", "203.0.113.9, 192.0.2.66");
        var other = await PostAsync(token, name, "other", "198.51.100.7");
        var log = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports"))!.AsArray();

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], flooder);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofing);
        Assert.Equal(HttpStatusCode.Created, other);
        Assert.Equal(3, log.Count);
    }

    private async Task<HttpStatusCode> PostAsync(string token, string name, string reportId, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/reports/{token}")
        {
            Content = Reports.Body(Reports.WithSessions(name, reportId, Today, 1, 0), "application/tlsrpt+json"),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await platform.Http.SendAsync(request);
        return response.StatusCode;
    }
}
