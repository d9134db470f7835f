using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Operator;

/// <summary>The operator's list of tenants with their usage, and who may see it, over real HTTP on PostgreSQL.</summary>
public sealed class TenantUsageTests(PostgresOperatorPlatform platform) : IClassFixture<PostgresOperatorPlatform>
{
    private const string ProblemPrefix = "urn:tlsrpt-platform:problem:";

    [Fact]
    public async Task Usage_counts_the_domains_reports_and_stored_bytes_ingested()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var tenant = await operatorClient.CreateTenantAsync("Measured");
        using var idle = await operatorClient.CreateTenantAsync("Idle");
        var first = await tenant.Client.RegisterDomainAsync();
        var second = await tenant.Client.RegisterDomainAsync();
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
        byte[][] reports =
        [
            Reports.WithSessions(first.Name, $"u1-{Guid.NewGuid():N}", day, 10, 0),
            Reports.WithSessions(first.Name, $"u2-{Guid.NewGuid():N}", day.AddDays(1), 10, 2),
            Reports.WithSessions(second.Name, $"u3-{Guid.NewGuid():N}", day, 5, 1),
        ];
        string[] tokens = [first.Token, first.Token, second.Token];

        for (var i = 0; i < reports.Length; i++)
        {
            using var delivered = await platform.Http.PostJsonAsync(tokens[i], reports[i]);
            Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);
        }

        var usage = await operatorClient.TenantAsync(tenant.Id);
        Assert.Equal("Measured", (string?)usage["name"]);
        Assert.Equal("active", (string?)usage["status"]);
        Assert.Equal(2, (int)usage["domains"]!);
        Assert.Equal(3, (long)usage["reportsStored"]!);
        // Counted by the day they arrived (today), not by the period they cover (three days ago).
        Assert.Equal(3, (long)usage["reportsToday"]!);
        Assert.Equal(0, (long)usage["reportsYesterday"]!);
        Assert.Equal(0, (double)usage["reportsPerDay"]!);
        // The archive keeps each report gzip-compressed, exactly as RawArchive writes it.
        Assert.Equal(reports.Sum(r => Gzip(r).Length), (long)usage["storedBytes"]!);
        Assert.Equal(PostgresOperatorPlatform.DefaultMaxDomains, (int)usage["maxDomains"]!);
        Assert.Null(usage["maxDomainsOverride"]);

        var list = JsonNode.Parse(await operatorClient.GetStringAsync("/v1/admin/tenants"))!.AsArray();
        var listed = list.Single(t => (string?)t!["id"] == tenant.Id)!;
        Assert.Equal(3, (long)listed["reportsStored"]!);
        Assert.Equal((long)usage["storedBytes"]!, (long)listed["storedBytes"]!);
        var nothing = list.Single(t => (string?)t!["id"] == idle.Id)!;
        Assert.Equal(0, (int)nothing["domains"]!);
        Assert.Equal(0, (long)nothing["reportsStored"]!);
        Assert.Equal(0, (long)nothing["storedBytes"]!);
    }

    [Fact]
    public async Task An_unknown_tenant_is_404()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);

        using var get = await operatorClient.GetAsync("/v1/admin/tenants/t_000000000000000000000000");
        using var suspend = await operatorClient.PostAsync("/v1/admin/tenants/t_000000000000000000000000/suspend", null);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(ProblemPrefix + "tenant-not-found", (string?)JsonNode.Parse(await get.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.NotFound, suspend.StatusCode);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/{id}")]
    [InlineData("POST", "/{id}/suspend")]
    [InlineData("POST", "/{id}/resume")]
    [InlineData("PUT", "/{id}/quota")]
    public async Task Tenant_keys_of_any_scope_and_anonymous_callers_cannot_use_the_operator_routes(string method, string suffix)
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var victim = await operatorClient.CreateTenantAsync("Victim");
        using var other = await operatorClient.CreateTenantAsync("Other");
        using var anonymous = new HttpClient { BaseAddress = platform.BaseUrl };
        var path = "/v1/admin/tenants" + suffix.Replace("{id}", victim.Id, StringComparison.Ordinal);

        // The tenant's own admin key, another tenant's admin key, no key at all.
        using var own = await SendAsync(victim.Client, method, path);
        using var foreign = await SendAsync(other.Client, method, path);
        using var none = await SendAsync(anonymous, method, path);

        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var after = await operatorClient.TenantAsync(victim.Id);
        Assert.Equal("active", (string?)after["status"]);
        Assert.Null(after["maxDomainsOverride"]);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(new { maxDomains = 100_000 });
        }

        return await client.SendAsync(request);
    }

    private static byte[] Gzip(byte[] json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
