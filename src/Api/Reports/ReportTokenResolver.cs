using Microsoft.Extensions.Caching.Memory;
using TlsRptPlatform.Storage.Domains;

namespace TlsRptPlatform.Api.Reports;

/// <summary>
/// Finds the domain behind a report token: its current one, or the previous one within the grace period after a
/// rotation. Hits are cached briefly; a stale hit after a deletion, or after a grace period ends, is harmless because
/// the domain grain checks the token again and answers "unknown token".
/// </summary>
public sealed class ReportTokenResolver(DomainStore domains, IMemoryCache cache, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public async Task<string?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        if (!ReportTokens.LooksValid(token))
        {
            return null;
        }

        var key = "token:" + token;
        if (cache.TryGetValue(key, out string? domain))
        {
            return domain;
        }

        var found = await domains.FindByTokenAsync(token, cancellationToken);
        domain = found is not null && found.Accepts(token, time.GetUtcNow()) ? found.Name : null;
        if (domain is not null)
        {
            cache.Set(key, domain, CacheFor);
        }

        return domain;
    }
}
