using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Operator;

/// <summary>Domain quotas: <c>Tenants:MaxDomains</c> (3 in these fixtures) and the operator's per-tenant override, once per store.</summary>
public abstract class DomainQuotaTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private const string ProblemPrefix = "urn:tlsrpt-platform:problem:";
    private const int DefaultMax = PostgresOperatorPlatform.DefaultMaxDomains;

    [Fact]
    public async Task Registering_beyond_the_default_quota_is_a_409_that_says_the_quota_and_the_count_and_registers_nothing()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var tenant = await operatorClient.CreateTenantAsync("Default quota");
        await tenant.Client.RegisterDomainsAsync(DefaultMax);
        var refusedName = $"q{Guid.NewGuid():N}.example";

        using var refused = await tenant.Client.PostAsJsonAsync("/v1/domains", new { name = refusedName });
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        using var lookup = await tenant.Client.GetAsync($"/v1/domains/{refusedName}");
        var domains = JsonNode.Parse(await tenant.Client.GetStringAsync("/v1/domains"))!.AsArray();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemPrefix + "domain-quota-reached", (string?)problem["type"]);
        Assert.Equal(DefaultMax, (int)problem["maxDomains"]!);
        Assert.Equal(DefaultMax, (int)problem["domains"]!);
        Assert.Contains($"at most {DefaultMax} domains and has {DefaultMax}", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        Assert.Equal(DefaultMax, domains.Count);
    }

    [Fact]
    public async Task The_operators_override_raises_and_lowers_the_quota_and_null_restores_the_default()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var tenant = await operatorClient.CreateTenantAsync("Own quota");
        await tenant.Client.RegisterDomainsAsync(DefaultMax);

        await operatorClient.SetQuotaAsync(tenant.Id, DefaultMax + 1);
        using var raised = await tenant.Client.PostAsJsonAsync("/v1/domains", new { name = $"q{Guid.NewGuid():N}.example" });
        var overridden = await operatorClient.TenantAsync(tenant.Id);
        await operatorClient.SetQuotaAsync(tenant.Id, 1);
        using var lowered = await tenant.Client.PostAsJsonAsync("/v1/domains", new { name = $"q{Guid.NewGuid():N}.example" });
        var loweredProblem = JsonNode.Parse(await lowered.Content.ReadAsStringAsync())!;
        await operatorClient.SetQuotaAsync(tenant.Id, null);
        var restored = await operatorClient.TenantAsync(tenant.Id);
        using var invalid = await operatorClient.PutAsJsonAsync($"/v1/admin/tenants/{tenant.Id}/quota", new { maxDomains = -1 });

        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        Assert.Equal(DefaultMax + 1, (int)overridden["maxDomains"]!);
        Assert.Equal(DefaultMax + 1, (int)overridden["maxDomainsOverride"]!);
        // Lowering removes nothing; it refuses more.
        Assert.Equal(HttpStatusCode.Conflict, lowered.StatusCode);
        Assert.Equal(1, (int)loweredProblem["maxDomains"]!);
        Assert.Equal(DefaultMax + 1, (int)loweredProblem["domains"]!);
        Assert.Equal(DefaultMax, (int)restored["maxDomains"]!);
        Assert.Null(restored["maxDomainsOverride"]);
        Assert.Equal(DefaultMax + 1, (int)restored["domains"]!);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Parallel_registrations_one_below_the_quota_leave_exactly_the_quota()
    {
        const int quota = 6;
        const int parallel = 8;
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        // Several rounds: an overshoot needs two claims to interleave, which one round may not provoke.
        for (var round = 0; round < 5; round++)
        {
            using var tenant = await operatorClient.CreateTenantAsync($"Race {round}");
            await operatorClient.SetQuotaAsync(tenant.Id, quota);
            await tenant.Client.RegisterDomainsAsync(quota - 1);

            var answers = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ =>
                tenant.Client.PostAsJsonAsync("/v1/domains", new { name = $"p{Guid.NewGuid():N}.example" })));
            var domains = JsonNode.Parse(await tenant.Client.GetStringAsync("/v1/domains"))!.AsArray();
            var usage = await operatorClient.TenantAsync(tenant.Id);

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            Assert.Equal(parallel - 1, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
            Assert.Equal(quota, domains.Count);
            Assert.Equal(quota, (int)usage["domains"]!);
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }
}

public sealed class PostgresDomainQuotaTests(PostgresOperatorPlatform platform) : DomainQuotaTests<PostgresOperatorPlatform>(platform);

public sealed class SqliteDomainQuotaTests(SqliteOperatorPlatform platform) : DomainQuotaTests<SqliteOperatorPlatform>(platform);
