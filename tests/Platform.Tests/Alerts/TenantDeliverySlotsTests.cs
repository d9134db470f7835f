using TlsRptPlatform.Grains.Alerts;

namespace TlsRptPlatform.Platform.Tests.Alerts;

public class TenantDeliverySlotsTests
{
    [Fact]
    public void A_tenant_takes_at_most_its_share_and_leaves_the_rest_to_others()
    {
        var slots = new TenantDeliverySlots(total: 4, perTenant: 2);

        var attacker = Enumerable.Range(0, 5).Count(_ => slots.TryTake("attacker"));
        var victim = slots.TryTake("victim");

        Assert.Equal(2, attacker);
        Assert.True(victim);
        Assert.Equal(1, slots.Free);
    }

    [Fact]
    public void The_silo_total_bounds_all_tenants_together()
    {
        var slots = new TenantDeliverySlots(total: 3, perTenant: 2);

        var taken = new[] { "a", "a", "b", "b", "c" }.Count(slots.TryTake);

        Assert.Equal(3, taken);
        Assert.Equal(0, slots.Free);
        Assert.False(slots.TryTake("d"));
    }

    [Fact]
    public void A_released_slot_can_be_taken_again()
    {
        var slots = new TenantDeliverySlots(total: 8, perTenant: 1);
        Assert.True(slots.TryTake("a"));
        Assert.False(slots.TryTake("a"));

        slots.Release("a");

        Assert.True(slots.TryTake("a"));
        Assert.Throws<InvalidOperationException>(() => slots.Release("b"));
    }
}
