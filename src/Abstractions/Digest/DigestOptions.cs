using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Abstractions.Digest;

/// <summary>Configuration section <c>Digest</c>: when the weekly digest goes out (a public contract: keep the keys).</summary>
public sealed class DigestOptions
{
    /// <summary><c>Digest:DayOfWeek</c>: the UTC day the digest of the previous ISO week is sent.</summary>
    public DayOfWeek DayOfWeek { get; set; } = DayOfWeek.Monday;

    /// <summary><c>Digest:Hour</c>: the UTC hour (0–23) from which it is sent on that day.</summary>
    [Range(0, 23)]
    public int Hour { get; set; } = 7;

    /// <summary>
    /// <c>Digest:CheckInterval</c>: how often each silo looks for tenants due; zero turns the silo's own check off
    /// (tests run it themselves). Every silo checks; the store makes concurrent checks harmless.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
