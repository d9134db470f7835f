using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Api;

public class RateLimitTests(RateLimitedPlatform platform) : IClassFixture<RateLimitedPlatform>
{
    [Fact]
    public async Task Ingestion_is_limited_per_report_token_with_retry_after()
    {
        using var tenant = await platform.NewTenantAsync();
        var first = await tenant.RegisterDomainAsync();
        var second = await tenant.RegisterDomainAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;

        for (var i = 0; i <= RateLimitedPlatform.PerToken; i++)
        {
            var response = await platform.Http.PostJsonAsync(first.Token, Reports.For("parsedmarc/smtp_tls.json", first.Name, $"rl-{i}"));
            statuses.Add(response.StatusCode);
            limited = response;
        }

        using var otherToken = await platform.Http.PostJsonAsync(second.Token, Reports.For("parsedmarc/smtp_tls.json", second.Name, "rl"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(limited!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("urn:tlsrpt-platform:problem:rate-limited", (string?)JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.Created, otherToken.StatusCode);
        limited.Dispose();
    }

    [Theory]
    [InlineData("/V1/REPORTS/{0}", "/v1/Reports/{0}", "/v1/reports/{0}/")]
    [InlineData("/v1/reports/{0}/", "/v1/reports/{0}", "/V1/reports/{0}")]
    public async Task The_token_limit_holds_whatever_the_path_spelling(string first, string second, string third)
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var statuses = new List<HttpStatusCode>();

        foreach (var (path, i) in new[] { first, second, third }.Select((p, i) => (p, i)))
        {
            using var response = await platform.Http.PostAsync(
                string.Format(System.Globalization.CultureInfo.InvariantCulture, path, token),
                Reports.Body(Reports.For("parsedmarc/smtp_tls.json", name, $"spelling-{i}"), "application/tlsrpt+json"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task No_spelling_of_the_path_gets_past_the_token_limit()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        string[] spellings =
        [
            "/v1/reports/{0}", "/v1/reports/{0}?x=1", "/v1/%72eports/{0}", "//v1/reports/{0}", "/v1//reports/{0}",
            "/v1/reports//{0}", "/v1/reports/{0}//", "/v1/reports%2F{0}", "/v1%2Freports/{0}", "/v1/reports/{0}%2F", "/v1/reports/{0}/.",
        ];
        var created = new List<string>();

        foreach (var (path, i) in spellings.Select((p, i) => (p, i)))
        {
            using var response = await platform.Http.PostAsync(
                platform.BaseUrl.GetLeftPart(UriPartial.Authority) + string.Format(System.Globalization.CultureInfo.InvariantCulture, path, token),
                Reports.Body(Reports.For("parsedmarc/smtp_tls.json", name, $"spelling-x-{i}"), "application/tlsrpt+json"));
            if (response.IsSuccessStatusCode)
            {
                created.Add(path);
            }
        }

        Assert.True(created.Count <= RateLimitedPlatform.PerToken, string.Join(", ", created));
    }

    [Fact]
    public async Task The_tenant_api_is_limited_per_key()
    {
        using var tenant = await platform.NewTenantAsync();
        using var other = await platform.NewTenantAsync();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i <= RateLimitedPlatform.PerKey; i++)
        {
            using var response = await tenant.GetAsync("/v1/domains");
            statuses.Add(response.StatusCode);
        }

        using var otherKey = await other.GetAsync("/v1/domains");

        Assert.Equal(RateLimitedPlatform.PerKey, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }

    [Fact]
    public async Task The_anonymous_policy_host_is_limited_per_address_whatever_names_are_asked()
    {
        // Someone sweeping names: each unknown one costs a store read, so the limit holds across names and both routes.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedPlatform.PolicyHostPerAddress; i++)
        {
            using var request = i % 2 == 0
                ? new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt") { Headers = { Host = $"mta-sts.sweep{i}.example" } }
                : new HttpRequestMessage(HttpMethod.Get, $"/v1/mta-sts/ask?domain=mta-sts.sweep{i}.example");
            using var response = await platform.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(RateLimitedPlatform.PolicyHostPerAddress, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var health = await platform.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
