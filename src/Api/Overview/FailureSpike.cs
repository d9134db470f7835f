namespace TlsRptPlatform.Api.Overview;

/// <summary>When a domain's failure rate over the range is worth a line on the overview.</summary>
internal static class FailureSpike
{
    /// <summary>Below this many failed sessions a doubling is noise (2 of 60 after 1 of 60).</summary>
    private const long MinFailedSessions = 10;

    /// <returns>The severity, or null when the rate did not rise: at least doubled, or new, and at least 1 %; error from 5 %.</returns>
    public static string? Of(DomainOverview d)
    {
        if (d.FailedSessions < MinFailedSessions || d.FailureRate < 0.01 || (d.PreviousFailureRate is { } before && d.FailureRate < 2 * before))
        {
            return null;
        }

        return d.FailureRate >= 0.05 ? "error" : "warning";
    }
}
