using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Storage.MtaSts;

namespace TlsRptPlatform.Api.MtaSts;

/// <summary>
/// The policies this process serves, read from <c>hosted_policies</c> and kept in memory for
/// <see cref="PolicyHostOptions.PolicyCacheDuration"/>: names without a policy too, so the anonymous endpoints cost a
/// database read at most once per name and period. Bounded by <see cref="PolicyHostOptions.PolicyCacheEntries"/>.
/// </summary>
public sealed class HostedPolicyCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly HostedPolicyStore _store;
    private readonly PolicyHostOptions _options;

    public HostedPolicyCache(HostedPolicyStore store, IOptions<PolicyHostOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.PolicyCacheEntries });
    }

    /// <summary>The policy file for the domain, as served; null when the domain has no hosted policy.</summary>
    public async Task<string?> FindAsync(string domain, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(domain, out ServedPolicy? cached))
        {
            return cached!.Text;
        }

        var record = await _store.FindAsync(domain, cancellationToken);
        var served = new ServedPolicy(record is null ? null : Render(record));
        _cache.Set(domain, served, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _options.PolicyCacheDuration });
        return served.Text;
    }

    /// <summary>Drops a domain after this process changed its policy, so that it serves the change at once.</summary>
    public void Forget(string domain) => _cache.Remove(domain);

    public void Dispose() => _cache.Dispose();

    private static string Render(HostedPolicyRecord record)
    {
        HostedPolicyRules.TryParseMode(record.Mode, out var mode);
        return MtaStsPolicyText.Render(mode, record.Mx, record.MaxAge);
    }

    private sealed record ServedPolicy(string? Text);
}
