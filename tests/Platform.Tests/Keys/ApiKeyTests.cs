using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Keys;

/// <summary>Named API keys with scopes, expiry, last use and revocation, over real HTTP, once per store.</summary>
public abstract class ApiKeyTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private const string ProblemPrefix = "urn:tlsrpt-platform:problem:";

    [Fact]
    public async Task A_new_tenants_key_is_its_initial_admin_key()
    {
        using var admin = await platform.NewTenantAsync();

        var keys = await admin.ListKeysAsync();

        var only = Assert.Single(keys);
        Assert.Equal("initial key", (string?)only!["name"]);
        Assert.Equal("admin", (string?)only["scope"]);
        Assert.StartsWith("key_", (string?)only["id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_and_listed_without_it()
    {
        using var admin = await platform.NewTenantAsync();

        using var created = await admin.CreateKeyAsync("read", "grafana");
        var listing = await admin.GetStringAsync("/v1/api-keys");

        Assert.StartsWith("tlsrpt_", created.Key, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, listing, StringComparison.Ordinal);
        var listed = JsonNode.Parse(listing)!.AsArray().Single(k => (string?)k!["id"] == created.Id)!;
        Assert.Equal("grafana", (string?)listed["name"]);
        Assert.Equal("read", (string?)listed["scope"]);
        Assert.Null(listed["revokedAt"]);
    }

    [Fact]
    public async Task A_read_key_reads_but_may_not_change_anything()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("read");
        var reader = key.Client;

        using var list = await reader.GetAsync("/v1/domains");
        using var register = await reader.PostAsJsonAsync("/v1/domains", new { name = $"r{Guid.NewGuid():N}.example" });
        using var keys = await reader.GetAsync("/v1/api-keys");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.Equal(ProblemPrefix + "insufficient-scope", (string?)JsonNode.Parse(await register.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
    }

    [Fact]
    public async Task A_write_key_registers_domains_but_may_not_manage_keys()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("write");
        var writer = key.Client;

        using var register = await writer.PostAsJsonAsync("/v1/domains", new { name = $"w{Guid.NewGuid():N}.example" });
        using var create = await writer.PostAsJsonAsync("/v1/api-keys", new { name = "escalate", scope = "admin" });

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_its_dashboard_sessions_end()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("write");
        using var signedIn = await KeyClient.SignInAsync(platform.BaseUrl, key.Key);
        using var before = await key.Client.GetAsync("/v1/domains");
        using var sessionBefore = await signedIn.Browser.GetAsync("/v1/session");

        using var revoke = await admin.DeleteAsync($"/v1/api-keys/{key.Id}");
        using var after = await key.Client.GetAsync("/v1/domains");
        using var sessionAfter = await signedIn.Browser.GetAsync("/v1/session");
        using var signInAgain = await platform.Http.PostAsJsonAsync("/v1/session", new { apiKey = key.Key });
        var listed = (await admin.ListKeysAsync()).Single(k => (string?)k!["id"] == key.Id)!;

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sessionBefore.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sessionAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signInAgain.StatusCode);
        Assert.NotNull(listed["revokedAt"]);
    }

    [Fact]
    public async Task A_session_acts_with_the_scope_of_the_key_it_signed_in_with()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("read");
        using var signedIn = await KeyClient.SignInAsync(platform.BaseUrl, key.Key);

        using var read = await signedIn.Browser.GetAsync("/v1/domains");
        using var change = await signedIn.Browser.PostAsJsonAsync("/v1/domains", new { name = $"s{Guid.NewGuid():N}.example" });

        Assert.Equal("read", (string?)signedIn.Session["scope"]);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("read", expiresAt: DateTimeOffset.UtcNow.AddSeconds(2));
        using var before = await key.Client.GetAsync("/v1/domains");

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var after = await key.Client.GetAsync("/v1/domains");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_key_expiring_in_the_past_is_refused_at_creation()
    {
        using var admin = await platform.NewTenantAsync();

        using var response = await admin.PostAsJsonAsync("/v1/api-keys", new { name = "old", scope = "read", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        using var badScope = await admin.PostAsJsonAsync("/v1/api-keys", new { name = "x", scope = "owner" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
    }

    [Fact]
    public async Task Using_a_key_records_when_it_was_last_used_at_most_once_a_minute()
    {
        using var admin = await platform.NewTenantAsync();
        using var key = await admin.CreateKeyAsync("read");
        var unused = (await admin.ListKeysAsync()).Single(k => (string?)k!["id"] == key.Id)!;

        (await key.Client.GetAsync("/v1/domains")).Dispose();
        var used = (await admin.ListKeysAsync()).Single(k => (string?)k!["id"] == key.Id)!;
        await Task.Delay(50);
        (await key.Client.GetAsync("/v1/domains")).Dispose();
        var usedAgain = (await admin.ListKeysAsync()).Single(k => (string?)k!["id"] == key.Id)!;

        Assert.Null(unused["lastUsedAt"]);
        Assert.NotNull(used["lastUsedAt"]);
        // Not a write per request: within a minute the second use leaves the recorded time as it was.
        Assert.Equal((DateTimeOffset)used["lastUsedAt"]!, (DateTimeOffset)usedAgain["lastUsedAt"]!);
    }

    [Fact]
    public async Task The_last_admin_key_cannot_be_revoked_but_one_of_two_can()
    {
        using var admin = await platform.NewTenantAsync();
        var initial = (string)(await admin.ListKeysAsync()).Single()!["id"]!;

        using var refused = await admin.DeleteAsync($"/v1/api-keys/{initial}");
        using var second = await admin.CreateKeyAsync("admin");
        using var allowed = await second.Client.DeleteAsync($"/v1/api-keys/{initial}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ProblemPrefix + "last-admin-key", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
    }

    [Fact]
    public async Task Two_admin_keys_revoking_each_other_at_once_leave_one_admin_key()
    {
        for (var round = 0; round < 20; round++)
        {
            using var admin = await platform.NewTenantAsync();
            var initial = (string)(await admin.ListKeysAsync()).Single()!["id"]!;
            using var second = await admin.CreateKeyAsync("admin");

            var answers = await Task.WhenAll(admin.DeleteAsync($"/v1/api-keys/{second.Id}"), second.Client.DeleteAsync($"/v1/api-keys/{initial}"));
            var usable = (await (answers[0].IsSuccessStatusCode ? admin : second.Client).ListKeysAsync()).Count(k => k!["revokedAt"] is null);

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
            Assert.Equal(1, usable);
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_tenant_cannot_see_or_revoke_another_tenants_keys()
    {
        using var owner = await platform.NewTenantAsync("Owner");
        using var other = await platform.NewTenantAsync("Other");
        using var key = await owner.CreateKeyAsync("read");

        using var revoke = await other.DeleteAsync($"/v1/api-keys/{key.Id}");
        var otherKeys = await other.ListKeysAsync();
        using var stillWorks = await key.Client.GetAsync("/v1/domains");

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.DoesNotContain(otherKeys, k => (string?)k!["id"] == key.Id);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }
}

public sealed class SqliteApiKeyTests(SqlitePlatform platform) : ApiKeyTests<SqlitePlatform>(platform);

public sealed class PostgresApiKeyTests(PostgresPlatform platform) : ApiKeyTests<PostgresPlatform>(platform);
