namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>A regular reporter that has gone quiet: the same idea as the <c>reporter-silent</c> alert, without a rule.</summary>
public static class SilentReporters
{
    /// <summary>Reported at least this often in the last 30 days, so silence means something.</summary>
    private const int MinReportsLast30Days = 5;

    public static bool IsSilent(ReporterInfo reporter, DateTimeOffset now)
    {
        if (reporter.CadenceHours is not { } cadence || reporter.ReportsLast30Days < MinReportsLast30Days)
        {
            return false;
        }

        // Two missed reports, and never less than the alert's 48 hours: daily reports arrive at varying hours.
        return now - reporter.LastReportAt > TimeSpan.FromHours(Math.Max(48, 2 * cadence));
    }
}
