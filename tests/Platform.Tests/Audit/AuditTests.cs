using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Platform.Tests.Keys;
using TlsRptPlatform.Storage.Audit;

namespace TlsRptPlatform.Platform.Tests.Audit;

/// <summary>The audit log: who changed what, when and from where, over real HTTP on PostgreSQL.</summary>
public sealed class AuditTests(AuditPlatform platform) : IClassFixture<AuditPlatform>
{
    [Fact]
    public async Task Changes_are_recorded_with_key_time_address_and_route_but_never_a_secret()
    {
        using var admin = await platform.NewTenantAsync();
        using var deployer = await admin.CreateKeyAsync("write", "deployer");
        var domain = $"a{Guid.NewGuid():N}.example";
        var before = DateTimeOffset.UtcNow;

        using var register = await deployer.Client.PostAsJsonAsync("/v1/domains", new { name = domain });
        var token = (string)JsonNode.Parse(await register.Content.ReadAsStringAsync())!["reportToken"]!;
        using var channel = await deployer.Client.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url = "https://hooks.example.com/tlsrpt" });
        (await deployer.Client.GetAsync("/v1/domains")).Dispose();
        using var delete = await deployer.Client.DeleteAsync($"/v1/domains/{domain}");
        var text = await admin.GetStringAsync("/v1/audit");
        var events = JsonNode.Parse(text)!.AsArray();

        var registered = events.Single(e => (string?)e!["action"] == "POST /v1/domains/" && (string?)e["keyId"] == deployer.Id)!;
        Assert.Equal("key", (string?)registered["actorKind"]);
        Assert.Equal("deployer", (string?)registered["keyName"]);
        Assert.Equal("127.0.0.1", (string?)registered["address"]);
        Assert.Equal(201, (int)registered["status"]!);
        Assert.Contains($"location=/v1/domains/{domain}", (string?)registered["target"], StringComparison.Ordinal);
        Assert.InRange((DateTimeOffset)registered["at"]!, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        var deleted = events.Single(e => (string?)e!["action"] == "DELETE /v1/domains/{name}")!;
        Assert.Equal($"name={domain}", (string?)deleted["target"]);
        Assert.Equal(204, (int)deleted["status"]!);
        Assert.Contains(events, e => (string?)e!["action"] == "POST /v1/alerts/channels" && (int)e["status"]! == 201);
        Assert.Contains(events, e => (string?)e!["action"] == "POST /v1/api-keys/" && (string?)e["target"] == $"location=/v1/api-keys/{deployer.Id}");
        Assert.DoesNotContain(events, e => ((string?)e!["action"])!.StartsWith("GET ", StringComparison.Ordinal));
        // Neither the created key, the report token nor the webhook secret is anywhere in the log.
        var secret = (string)JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["secret"]!;
        Assert.DoesNotContain(deployer.Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_attempt_is_recorded_with_its_status()
    {
        using var admin = await platform.NewTenantAsync();
        using var reader = await admin.CreateKeyAsync("read", "auditor");

        using var refused = await reader.Client.PostAsJsonAsync("/v1/domains", new { name = $"r{Guid.NewGuid():N}.example" });
        var events = JsonNode.Parse(await admin.GetStringAsync("/v1/audit"))!.AsArray();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var attempt = events.Single(e => (string?)e!["keyId"] == reader.Id)!;
        Assert.Equal("POST /v1/domains/", (string?)attempt["action"]);
        Assert.Equal(403, (int)attempt["status"]!);
    }

    [Fact]
    public async Task Dashboard_sign_ins_changes_and_failed_sign_ins_are_recorded()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("write", "laptop");
        using (var signedIn = await KeyClient.SignInAsync(platform.BaseUrl, key.Key))
        {
            (await signedIn.Browser.PostAsJsonAsync("/v1/domains", new { name = $"s{Guid.NewGuid():N}.example" })).Dispose();
        }

        (await admin.DeleteAsync($"/v1/api-keys/{key.Id}")).Dispose();
        using var failed = await platform.Http.PostAsJsonAsync("/v1/session", new { apiKey = key.Key });
        var events = JsonNode.Parse(await admin.GetStringAsync("/v1/audit"))!.AsArray().Where(e => (string?)e!["keyId"] == key.Id).ToList();

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Equal(["sign-in-failed", "POST /v1/domains/", "sign-in"], events.Select(e => (string)e!["action"]!));
        Assert.All(events, e => Assert.Equal("session", (string?)e!["actorKind"]));
        Assert.Equal(401, (int)events[0]!["status"]!);
    }

    [Fact]
    public async Task The_log_is_exported_as_csv_by_accept_header_or_format_with_formulas_defused()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("write", "=HYPERLINK(\"https://evil.example\")");
        (await key.Client.PostAsJsonAsync("/v1/domains", new { name = $"c{Guid.NewGuid():N}.example" })).Dispose();

        using var byFormat = await admin.GetAsync("/v1/audit?format=csv");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/audit");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var byAccept = await admin.SendAsync(request);
        var csv = await byFormat.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", byFormat.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
        Assert.Equal(csv, await byAccept.Content.ReadAsStringAsync());
        Assert.StartsWith("id,at,actorKind,keyId,keyName,address,action,target,status\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_reads_only_its_own_log_and_only_with_an_admin_key()
    {
        using var owner = await platform.NewTenantAsync("Owner");
        using var other = await platform.NewTenantAsync("Other");
        using var reader = await owner.CreateKeyAsync("read");
        using var writer = await owner.CreateKeyAsync("write");
        (await writer.Client.PostAsJsonAsync("/v1/domains", new { name = $"o{Guid.NewGuid():N}.example" })).Dispose();

        using var asReader = await reader.Client.GetAsync("/v1/audit");
        var otherLog = await other.GetStringAsync("/v1/audit");

        Assert.Equal(HttpStatusCode.Forbidden, asReader.StatusCode);
        Assert.DoesNotContain(writer.Id, otherLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_older_than_the_retention_period_are_pruned()
    {
        using var admin = await platform.NewTenantAsync();
        var tenant = await TenantOfAsync(admin);
        var store = platform.Services.GetRequiredService<AuditStore>();
        var window = (From: DateTimeOffset.UtcNow.AddDays(-3), To: DateTimeOffset.UtcNow.AddDays(1));

        await store.AddAsync(new AuditEvent(
            "ev_old_" + Guid.NewGuid().ToString("N")[..12], tenant, DateTimeOffset.UtcNow.AddDays(-2), "key", null, "old", null,
            "DELETE /v1/domains/{name}", "name=old.example", 204));
        await Eventually.TrueAsync(
            async () => (await store.ListAsync(tenant, window.From, window.To, 100)).All(e => e.KeyName != "old"),
            what: "the two-day-old event being pruned");
        var kept = await store.ListAsync(tenant, window.From, window.To, 100);

        Assert.Contains(kept, e => e.Action == "POST /v1/api-keys/");
        Assert.Contains(kept, e => e.Action == "sign-in");
    }

    private async Task<string> TenantOfAsync(HttpClient admin)
    {
        // The tenant id is what a session reports; sign in with a fresh admin key to read it.
        using var key = await admin.CreateKeyAsync("admin", "probe");
        using var signedIn = await KeyClient.SignInAsync(platform.BaseUrl, key.Key);
        return (string)signedIn.Session["tenantId"]!;
    }
}
