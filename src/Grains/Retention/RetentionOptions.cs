using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Grains.Retention;

/// <summary>Configuration section <c>Retention</c>.</summary>
public sealed class RetentionOptions
{
    /// <summary>Raw reports and daily aggregates older than this many days are deleted.</summary>
    [Range(1, 36_500)]
    public int Days { get; set; } = 400;

    /// <summary>How often the pruning runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
}
