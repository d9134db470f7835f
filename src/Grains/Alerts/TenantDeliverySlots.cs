namespace TlsRptPlatform.Grains.Alerts;

/// <summary>
/// The delivery slots of one silo: at most <c>total</c> deliveries in flight, and at most <c>perTenant</c> of any one
/// tenant, so that a tenant whose webhooks hang until their time-out holds only its own share and every other tenant
/// still finds a free slot. Thread-safe: deliveries end on any thread.
/// </summary>
public sealed class TenantDeliverySlots(int total, int perTenant)
{
    private readonly Dictionary<string, int> _byTenant = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _inFlight;

    /// <summary>Slots free for any tenant.</summary>
    public int Free
    {
        get
        {
            lock (_lock)
            {
                return total - _inFlight;
            }
        }
    }

    /// <summary>Takes a slot for a delivery of <paramref name="tenantId"/>, unless the silo or the tenant is at its limit.</summary>
    public bool TryTake(string tenantId)
    {
        lock (_lock)
        {
            var held = _byTenant.GetValueOrDefault(tenantId);
            if (_inFlight >= total || held >= perTenant)
            {
                return false;
            }

            _byTenant[tenantId] = held + 1;
            _inFlight++;
            return true;
        }
    }

    public void Release(string tenantId)
    {
        lock (_lock)
        {
            var held = _byTenant.GetValueOrDefault(tenantId);
            if (held <= 0)
            {
                throw new InvalidOperationException($"Tenant {tenantId} holds no delivery slot.");
            }

            if (held == 1)
            {
                _byTenant.Remove(tenantId);
            }
            else
            {
                _byTenant[tenantId] = held - 1;
            }

            _inFlight--;
        }
    }
}
