using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Imports;

/// <summary>Imports are bounded in size and items, and are not held to the senders' per-token rate limit.</summary>
public sealed class ImportLimitTests(ImportLimitsPlatform platform) : IClassFixture<ImportLimitsPlatform>
{
    [Fact]
    public async Task An_archive_is_not_held_to_the_per_token_rate_limit_that_stops_a_sender()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, token) = await tenant.RegisterDomainAsync();
        using var sender = new HttpClient { BaseAddress = platform.BaseUrl };
        using var first = await Reports.PostJsonAsync(sender, token, Reports.For("mta-sts-exporter/google.json", domain, "sent-1"));
        using var second = await Reports.PostJsonAsync(sender, token, Reports.For("mta-sts-exporter/google.json", domain, "sent-2"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);

        var zip = Archives.Zip(Enumerable.Range(1, 8).Select(i => ($"r{i}.json", Reports.For("mta-sts-exporter/google.json", domain, $"archived-{i}"))).ToArray());
        var job = await tenant.ImportAsync(domain, zip);

        Assert.Equal(8, (long)job["accepted"]!);
        Assert.Equal(9, (long)(await tenant.GetFromJsonAsync<JsonNode>($"/v1/domains/{domain}/summary?from=2000-01-01&to=2100-01-01"))!["reports"]!);
    }

    [Fact]
    public async Task An_upload_past_the_size_limit_is_a_413_and_leaves_no_job()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();

        using var response = await tenant.UploadAsync(domain, new byte[ImportLimitsPlatform.MaxUploadBytes + 1]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("import-too-large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await tenant.GetFromJsonAsync<JsonArray>($"/v1/domains/{domain}/imports"))!);
    }

    [Fact]
    public async Task An_archive_with_more_items_than_allowed_stops_with_a_reason_after_the_allowed_ones()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();
        var zip = Archives.Zip(Enumerable.Range(1, 51).Select(i => ($"r{i}.json", "{}"u8.ToArray())).ToArray());

        var job = await tenant.ImportAsync(domain, zip);

        Assert.Equal("failed", (string)job["status"]!);
        Assert.Contains("at most 50", (string)job["error"]!, StringComparison.Ordinal);
    }
}
