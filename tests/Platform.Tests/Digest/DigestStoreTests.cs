using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Digest;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Platform.Tests.Digest;

/// <summary>
/// The digest's SQL on both engines: opt-in, who is due, and queuing once per e-mail channel and week. Digests are
/// queued far in the future, so the platform's dispatcher leaves them alone.
/// </summary>
public abstract class DigestStoreTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private static readonly DateTimeOffset Later = new(2100, 1, 4, 7, 0, 0, TimeSpan.Zero);

    private DigestStore Store => platform.Services.GetRequiredService<DigestStore>();

    [Fact]
    public async Task A_digest_is_queued_once_per_email_channel_and_week_and_only_for_opted_in_tenants()
    {
        var week = $"2099-W{Random.Shared.Next(10, 53)}-{Guid.NewGuid():N}";
        var tenant = await TenantAsync();
        var mail = await ChannelAsync(tenant, "email", "digest@example.com");
        await ChannelAsync(tenant, "webhook", "https://hooks.example.com/digest");

        Assert.False(await Store.IsEnabledAsync(tenant));
        Assert.DoesNotContain(tenant, await Store.TenantsDueAsync(week));
        await Store.SetEnabledAsync(tenant, true);
        Assert.True(await Store.IsEnabledAsync(tenant));
        Assert.Contains(tenant, await Store.TenantsDueAsync(week));

        Assert.Equal(1, await Store.QueueAsync(Digest(tenant, week), Later.AddDays(1)));
        Assert.Equal(0, await Store.QueueAsync(Digest(tenant, week), Later.AddDays(1)));
        Assert.DoesNotContain(tenant, await Store.TenantsDueAsync(week));

        // A channel added later in the week gets that week's digest too, and only it.
        var added = await ChannelAsync(tenant, "email", "late@example.com");
        Assert.Contains(tenant, await Store.TenantsDueAsync(week));
        Assert.Equal(1, await Store.QueueAsync(Digest(tenant, week), Later.AddDays(1)));
        Assert.Equal(2, await Store.QueuedCountAsync(tenant, week));

        var alerts = await platform.Services.GetRequiredService<AlertStore>().ListAlertsAsync(tenant, 10);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(DigestStore.Kind, a.Kind));
        Assert.Equal(new[] { added, mail }.Order(StringComparer.Ordinal), alerts.SelectMany(a => a.Deliveries).Select(d => d.ChannelId).Order(StringComparer.Ordinal));
        Assert.Null(await Store.IsEnabledAsync("t_does_not_exist"));
    }

    private static QueuedDigest Digest(string tenant, string week) =>
        new(tenant, week, Later, "digest", """{"week":"w","subject":"s","text":"t","html":"<p>h</p>"}""");

    private async Task<string> TenantAsync() => (await platform.Services.GetRequiredService<TenantStore>().CreateAsync("Digest store")).Tenant.Id;

    private async Task<string> ChannelAsync(string tenant, string kind, string target)
    {
        var channel = new AlertChannelRecord($"ch_{Guid.NewGuid():N}", tenant, kind, target, DateTimeOffset.UtcNow);
        await platform.Services.GetRequiredService<AlertStore>().AddChannelAsync(channel);
        return channel.Id;
    }
}

public sealed class PostgresDigestStoreTests(PostgresPlatform platform) : DigestStoreTests<PostgresPlatform>(platform);

public sealed class SqliteDigestStoreTests(SqlitePlatform platform) : DigestStoreTests<SqlitePlatform>(platform);
