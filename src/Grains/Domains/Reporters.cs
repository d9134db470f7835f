using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Grains.Domains;

/// <summary>Describes who reports on a domain from its newest archived reports.</summary>
internal static class Reporters
{
    /// <summary>
    /// Newest reports read: a year of 20 daily reporters and then some. A token holder flooding the archive cannot
    /// make the view read more.
    /// </summary>
    public const int RowsRead = 10_000;

    /// <summary>
    /// Organizations listed, most recent first. Names come from anonymous reports: a token holder inventing a new one
    /// per report must not turn the view into megabytes.
    /// </summary>
    public const int MaxListed = 200;

    public static IReadOnlyList<ReporterInfo> Describe(IReadOnlyList<ReporterRow> rows, DateTimeOffset now) =>
        rows.GroupBy(r => r.Organization, StringComparer.Ordinal)
            .Select(g => Describe(g.ToList(), now))
            .OrderByDescending(r => r.LastReportAt)
            .Take(MaxListed)
            .ToList();

    /// <param name="reports">One organization's reports, oldest first.</param>
    private static ReporterInfo Describe(List<ReporterRow> reports, DateTimeOffset now)
    {
        var latest = reports[^1];
        var mailed = reports.LastOrDefault(r => r.Channel != IngestChannels.Https);
        return new ReporterInfo(
            latest.Organization,
            reports[0].ReceivedAt,
            latest.ReceivedAt,
            reports.Count,
            reports.Count(r => r.ReceivedAt >= now.AddDays(-30)),
            Cadence(reports),
            latest.Channel,
            mailed is null ? null : DkimVerdicts.Passed(mailed.Dkim));
    }

    /// <summary>The median gap between consecutive report periods: robust to one late or doubled report.</summary>
    private static double? Cadence(List<ReporterRow> reports)
    {
        var starts = reports.Select(r => r.Start).Distinct().Order().ToList();
        if (starts.Count < 2)
        {
            return null;
        }

        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalHours).Order().ToList();
        return Math.Round(gaps[gaps.Count / 2], 1);
    }
}
