using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Keys;

/// <summary>Migration 022 on a store filled before it: the tenant's one key becomes its first named key, scope admin.</summary>
public abstract class KeyMigrationTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : UpgradedPlatform
{
    [Fact]
    public async Task The_key_from_before_the_upgrade_becomes_the_initial_admin_key()
    {
        using var client = KeyClient.WithKey(platform.BaseUrl, platform.OldKey);

        var keys = await client.ListKeysAsync();

        // Other tests of this class add keys; the one from before the upgrade is the oldest.
        var only = keys.MinBy(k => (DateTimeOffset)k!["createdAt"]!)!;
        Assert.Equal("initial key", (string?)only["name"]);
        Assert.Equal("admin", (string?)only["scope"]);
        Assert.Matches("^key_[0-9a-f]{24}$", (string?)only["id"]);
        Assert.Null(only["revokedAt"]);
    }

    [Fact]
    public async Task The_key_from_before_the_upgrade_can_still_change_and_manage_everything()
    {
        using var client = KeyClient.WithKey(platform.BaseUrl, platform.OldKey);

        using var register = await client.PostAsJsonAsync("/v1/domains", new { name = $"u{Guid.NewGuid():N}.example" });
        using var created = await client.CreateKeyAsync("read", "after the upgrade");
        using var readWithNew = await created.Client.GetAsync("/v1/domains");

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readWithNew.StatusCode);
    }

    [Fact]
    public async Task A_dashboard_session_from_before_the_upgrade_keeps_working_with_admin_scope()
    {
        using var browser = new HttpClient { BaseAddress = platform.BaseUrl };
        browser.DefaultRequestHeaders.Add("Cookie", $"tlsrpt_session={platform.OldSession}");

        using var response = await browser.GetAsync("/v1/session");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpgradedPlatform.TenantId, (string?)body["tenantId"]);
        Assert.Equal("admin", (string?)body["scope"]);
    }
}

public sealed class PostgresKeyMigrationTests(UpgradedPostgresPlatform platform) : KeyMigrationTests<UpgradedPostgresPlatform>(platform);

public sealed class SqliteKeyMigrationTests(UpgradedSqlitePlatform platform) : KeyMigrationTests<UpgradedSqlitePlatform>(platform);
