using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Platform.Tests.Keys;

namespace TlsRptPlatform.Platform.Tests.Operator;

/// <summary>Suspending and resuming a tenant, over real HTTP on PostgreSQL.</summary>
public sealed class SuspensionTests(PostgresOperatorPlatform platform) : IClassFixture<PostgresOperatorPlatform>
{
    private const string ProblemPrefix = "urn:tlsrpt-platform:problem:";

    [Fact]
    public async Task A_suspended_tenants_keys_get_403_tenant_suspended_on_every_tenant_route_while_its_reports_are_still_stored()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var tenant = await operatorClient.CreateTenantAsync("Suspended");
        using var reader = await tenant.Client.CreateKeyAsync("read", "reader");
        var domain = await tenant.Client.RegisterDomainAsync();
        using var bystander = await operatorClient.CreateTenantAsync("Bystander");

        await operatorClient.SuspendAsync(tenant.Id);
        var refused = new List<HttpResponseMessage>
        {
            await tenant.Client.GetAsync("/v1/domains"),
            await tenant.Client.GetAsync($"/v1/domains/{domain.Name}"),
            await tenant.Client.PostAsJsonAsync("/v1/domains", new { name = $"s{Guid.NewGuid():N}.example" }),
            await tenant.Client.DeleteAsync($"/v1/domains/{domain.Name}"),
            await tenant.Client.GetAsync("/v1/api-keys"),
            await tenant.Client.PostAsJsonAsync("/v1/api-keys", new { name = "escape", scope = "admin" }),
            await tenant.Client.GetAsync("/v1/audit"),
            await tenant.Client.GetAsync("/v1/alerts"),
            await tenant.Client.GetAsync("/v1/session"),
            await reader.Client.GetAsync("/v1/domains"),
        };
        var report = Reports.WithSessions(domain.Name, $"s-{Guid.NewGuid():N}", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), 7, 1);
        using var delivered = await platform.Http.PostJsonAsync(domain.Token, report);
        using var bystanderList = await bystander.Client.GetAsync("/v1/domains");
        var whileSuspended = await operatorClient.TenantAsync(tenant.Id);

        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ProblemPrefix + "tenant-suspended", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]);
            response.Dispose();
        }

        // Senders never see the suspension; other tenants neither.
        Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bystanderList.StatusCode);
        Assert.Equal("suspended", (string?)whileSuspended["status"]);
        Assert.NotNull(whileSuspended["suspendedAt"]);
        Assert.Equal(1, (int)whileSuspended["domains"]!);
        Assert.Equal(1, (long)whileSuspended["reportsStored"]!);

        await operatorClient.ResumeAsync(tenant.Id);
        using var afterResume = await reader.Client.GetAsync("/v1/domains");
        var resumed = await operatorClient.TenantAsync(tenant.Id);

        Assert.Equal(HttpStatusCode.OK, afterResume.StatusCode);
        Assert.Contains(domain.Name, await afterResume.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("active", (string?)resumed["status"]);
        Assert.Null(resumed["suspendedAt"]);
        Assert.Equal(1, (long)resumed["reportsStored"]!);
    }

    [Fact]
    public async Task A_suspended_tenants_dashboard_session_ends_and_sign_in_is_refused_with_a_reason_until_resumed()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var tenant = await operatorClient.CreateTenantAsync("Dashboard");
        using var session = await KeyClient.SignInAsync(platform.BaseUrl, tenant.Key);
        using var before = await session.Browser.GetAsync("/v1/domains");

        await operatorClient.SuspendAsync(tenant.Id);
        using var during = await session.Browser.GetAsync("/v1/domains");
        using var browser = new HttpClient { BaseAddress = platform.BaseUrl };
        using var signIn = await browser.PostAsJsonAsync("/v1/session", new { apiKey = tenant.Key });
        var problem = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, during.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Equal(ProblemPrefix + "tenant-suspended", (string?)problem["type"]);
        Assert.Contains("suspended", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));

        await operatorClient.ResumeAsync(tenant.Id);
        using var oldSession = await session.Browser.GetAsync("/v1/domains");
        using var again = await KeyClient.SignInAsync(platform.BaseUrl, tenant.Key);
        using var newSession = await again.Browser.GetAsync("/v1/domains");

        // The suspension ended the old session for good; a new sign-in works.
        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newSession.StatusCode);
    }

    [Fact]
    public async Task Suspend_and_resume_are_in_the_tenants_audit_log()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var tenant = await operatorClient.CreateTenantAsync("Audited");

        await operatorClient.SuspendAsync(tenant.Id);
        await operatorClient.ResumeAsync(tenant.Id);
        await operatorClient.SetQuotaAsync(tenant.Id, 7);
        var events = JsonNode.Parse(await tenant.Client.GetStringAsync("/v1/audit"))!.AsArray();

        var suspended = events.Single(e => (string?)e!["action"] == "tenant-suspended")!;
        Assert.Equal("operator", (string?)suspended["actorKind"]);
        Assert.Equal($"id={tenant.Id}", (string?)suspended["target"]);
        Assert.Single(events, e => (string?)e!["action"] == "tenant-resumed" && (string?)e["actorKind"] == "operator");
        Assert.Single(events, e => (string?)e!["action"] == "tenant-quota-set" && (string?)e["target"] == "maxDomains=7");
    }
}
