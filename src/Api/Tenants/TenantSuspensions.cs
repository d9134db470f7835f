using Microsoft.Extensions.Caching.Memory;
using TlsRptPlatform.Api.Keys;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Tenants;

/// <summary>
/// Whether a tenant is suspended, asked on every authenticated tenant request. Answers are cached for as long as API
/// keys are (<see cref="ApiKeyResolver.CacheFor"/>), so that a request costs no extra query: suspending or resuming
/// takes effect at once on the process that did it (<see cref="Forget"/>) and within that minute on the others.
/// </summary>
public sealed class TenantSuspensions(TenantStore tenants, IMemoryCache cache)
{
    public async Task<bool> IsSuspendedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(tenantId);
        if (!cache.TryGetValue(cacheKey, out bool suspended))
        {
            // A tenant that no longer exists has no keys left either; treat it as active rather than guess.
            suspended = (await tenants.FindAsync(tenantId, cancellationToken))?.Suspended ?? false;
            cache.Set(cacheKey, suspended, ApiKeyResolver.CacheFor);
        }

        return suspended;
    }

    /// <summary>Drops the cached answer on this process: the operator changed it here.</summary>
    public void Forget(string tenantId) => cache.Remove(CacheKey(tenantId));

    private static string CacheKey(string tenantId) => "tenant-suspended:" + tenantId;
}
