using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Platform.Tests.Storage;

/// <summary>
/// The outbox's claiming SQL on both engines. Deliveries are queued far in the future, so the platform's own dispatcher
/// leaves them alone and only the calls under test see them as due.
/// </summary>
public abstract class AlertClaimTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private static readonly DateTimeOffset Later = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private AlertStore Store => platform.Services.GetRequiredService<AlertStore>();

    [Fact]
    public async Task Due_deliveries_come_in_turns_oldest_of_each_tenant_first_up_to_each_tenants_share()
    {
        var flooder = await TenantWithChannelAsync();
        var second = await TenantWithChannelAsync();
        var third = await TenantWithChannelAsync();
        var a1 = await QueueAsync(flooder, 1);
        var a2 = await QueueAsync(flooder, 2);
        await QueueAsync(flooder, 3);
        var b1 = await QueueAsync(second, 4);
        var b2 = await QueueAsync(second, 5);
        var c1 = await QueueAsync(third, 6);

        var due = await Store.DueInTurnsAsync(Later.AddDays(1), perTenant: 2, limit: 1_000);
        var ours = due.Where(d => d.TenantId == flooder.Tenant || d.TenantId == second.Tenant || d.TenantId == third.Tenant).Select(d => d.AlertId);

        Assert.Equal([a1, b1, c1, a2, b2], ours);
    }

    [Fact]
    public async Task A_due_delivery_is_claimed_once_with_its_attempt_counted()
    {
        var tenant = await TenantWithChannelAsync();
        var alert = await QueueAsync(tenant, 1);
        var now = Later.AddDays(2);
        var candidate = Assert.Single(await Store.DueInTurnsAsync(now, perTenant: 10, limit: 1_000), d => d.AlertId == alert);

        var first = await Store.ClaimAsync([candidate], now, now.AddMinutes(2));
        var again = await Store.ClaimAsync([candidate], now, now.AddMinutes(2));

        var claimed = Assert.Single(first);
        Assert.Equal(1, claimed.Attempt);
        Assert.Equal(tenant.Channel, claimed.Channel?.Id);
        Assert.Empty(again);
        Assert.DoesNotContain(await Store.DueInTurnsAsync(now, perTenant: 10, limit: 1_000), d => d.AlertId == alert);
    }

    private async Task<(string Tenant, string Channel)> TenantWithChannelAsync()
    {
        var (tenant, _) = await platform.Services.GetRequiredService<TenantStore>().CreateAsync("Claims");
        var channel = new AlertChannelRecord(NewChannelId(), tenant.Id, "email", "claims@example.com", DateTimeOffset.UtcNow);
        await Store.AddChannelAsync(channel);
        return (tenant.Id, channel.Id);
    }

    private async Task<string> QueueAsync((string Tenant, string Channel) owner, int minute)
    {
        var at = Later.AddMinutes(minute);
        var id = await Store.QueueTestAlertAsync(
            new NewAlert(owner.Tenant, null, null, AlertKinds.Test, at, "claim test", "{}", null, [owner.Channel]), at.AddDays(30), maxQueued: 100);
        return Assert.IsType<string>(id);
    }

    private static string NewChannelId() => $"ch_{Guid.NewGuid():N}";
}

public sealed class PostgresAlertClaimTests(PostgresPlatform platform) : AlertClaimTests<PostgresPlatform>(platform);

public sealed class SqliteAlertClaimTests(SqlitePlatform platform) : AlertClaimTests<SqlitePlatform>(platform);
