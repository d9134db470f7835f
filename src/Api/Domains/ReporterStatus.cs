using TlsRptPlatform.Abstractions.Reports;

namespace TlsRptPlatform.Api.Domains;

/// <summary>One organization that reports on a domain, and whether it has gone quiet (<see cref="SilentReporters"/>).</summary>
/// <param name="Silent">A regular reporter (5+ reports in 30 days) whose last report is more than two of its usual intervals ago, and at least 48 hours.</param>
public sealed record ReporterStatus(
    string Organization,
    DateTimeOffset FirstReportAt,
    DateTimeOffset LastReportAt,
    long Reports,
    long ReportsLast30Days,
    double? CadenceHours,
    string Channel,
    bool? DkimPasses,
    bool Silent)
{
    public static ReporterStatus Of(ReporterInfo reporter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        return new(reporter.Organization, reporter.FirstReportAt, reporter.LastReportAt, reporter.Reports, reporter.ReportsLast30Days,
            reporter.CadenceHours, reporter.Channel, reporter.DkimPasses, SilentReporters.IsSilent(reporter, now));
    }
}
