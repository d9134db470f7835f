using Microsoft.Extensions.Caching.Memory;
using TlsRptPlatform.Storage.Domains;

namespace TlsRptPlatform.Api.Reports;

/// <summary>
/// Finds the domain behind a report token. Hits are cached briefly; a stale hit after a deletion is harmless because
/// the domain grain checks the token again and answers "unknown token".
/// </summary>
public sealed class ReportTokenResolver(DomainStore domains, IMemoryCache cache)
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

        domain = (await domains.FindByTokenAsync(token, cancellationToken))?.Name;
        if (domain is not null)
        {
            cache.Set(key, domain, CacheFor);
        }

        return domain;
    }
}
