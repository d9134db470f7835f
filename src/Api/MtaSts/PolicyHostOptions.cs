using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Api.MtaSts;

/// <summary>How processes that serve hosted policies cache them (section <c>MtaSts</c>).</summary>
public sealed class PolicyHostOptions
{
    /// <summary>
    /// <c>MtaSts:PolicyCacheDuration</c>: how long a process serves a policy (or the absence of one) from memory. A
    /// change made through any process is served everywhere at most this long after it was saved; the process that
    /// made it serves it at once.
    /// </summary>
    public TimeSpan PolicyCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>MtaSts:PolicyCacheEntries</c>: names kept in memory, hosted or not, so random Host headers cannot grow it.</summary>
    [Range(100, 10_000_000)]
    public int PolicyCacheEntries { get; set; } = 100_000;
}
