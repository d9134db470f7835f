using Microsoft.Extensions.Caching.Memory;
using TlsRptPlatform.Storage.ApiKeys;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Keys;

/// <summary>
/// Finds the identity behind a presented API key. Hits are cached for <see cref="CacheFor"/>, by the key's hash so the
/// clear key is never held beyond its request. A revocation drops the entry on the process that revoked the key;
/// other processes stop accepting it when their entry expires, within <see cref="CacheFor"/> (docs/SECURITY.md).
/// </summary>
public sealed class ApiKeyResolver(ApiKeyStore keys, IMemoryCache cache, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public async Task<ApiKeyIdentity?> ResolveAsync(string secret, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(ApiKeys.Hash(secret));
        if (!cache.TryGetValue(cacheKey, out ApiKeyIdentity? identity))
        {
            identity = await keys.FindUsableAsync(secret, cancellationToken);
            if (identity is not null)
            {
                cache.Set(cacheKey, identity, CacheFor);
            }
        }

        // A cached key may have expired since it was cached.
        return identity is not null && !identity.ExpiredAt(time.GetUtcNow()) ? identity : null;
    }

    /// <summary>Stops accepting a key on this process at once (it was revoked here).</summary>
    public void Forget(string keyHash) => cache.Remove(CacheKey(keyHash));

    private static string CacheKey(string keyHash) => "apikey:" + keyHash;
}
