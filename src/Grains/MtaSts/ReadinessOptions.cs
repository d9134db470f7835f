using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>Configuration section <c>MtaSts:Readiness</c>: when the reports say a policy may go from testing to enforce.</summary>
public sealed class ReadinessOptions
{
    /// <summary><c>MtaSts:Readiness:Days</c>: days in testing, and the window of reports the checks read.</summary>
    [Range(1, 365)]
    public int Days { get; set; } = 14;

    /// <summary><c>MtaSts:Readiness:MaxFailureRate</c>: the highest sts failure rate, in percent, that still counts as ready.</summary>
    [Range(0, 100)]
    public double MaxFailureRate { get; set; } = 0.1;

    /// <summary><c>MtaSts:Readiness:GuardDays</c>: how long after a switch to enforce the sts failure rate is watched.</summary>
    [Range(1, 365)]
    public int GuardDays { get; set; } = 7;

    /// <summary>
    /// <c>MtaSts:Readiness:TimeOnlyDays</c>: days in testing required when fewer than two organizations report on the
    /// domain, so that there is nothing to read but time.
    /// </summary>
    [Range(1, 730)]
    public int TimeOnlyDays { get; set; } = 30;
}
