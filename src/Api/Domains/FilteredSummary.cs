using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Api.Domains;

/// <summary>Folds the rows of a filtered query into the same answers as the unfiltered routes.</summary>
internal static class FilteredSummary
{
    /// <summary>Keys listed per breakdown, as unfiltered; the rest under <c>(other)</c>.</summary>
    private const int MaxKeysPerBreakdown = 100;

    public static SummaryResponse Of(
        string domain, DayRange range, ReportFilter filter, IReadOnlyList<FilteredDay> days, IReadOnlyList<BreakdownEntry> breakdown,
        IReadOnlyList<ReportExplanation> explanations, IReadOnlyList<OrganizationRate> organizations)
    {
        long successful = days.Sum(d => d.SuccessfulSessions), failed = days.Sum(d => d.FailedSessions), scope = days.Sum(d => d.ScopeSessions);
        return new SummaryResponse(
            domain, range.From, range.To, days.Sum(d => d.Reports), successful, failed, Rate(failed, scope),
            Top(Dimension.ResultType), Top(Dimension.Organization), new Dictionary<string, PolicyTypeSessions>(),
            Top(Dimension.ReceivingMx), Top(Dimension.SendingIp), new Dictionary<string, long>(),
            explanations, organizations, new AppliedFilter(filter.ResultType, filter.Organization, filter.ReceivingMx, filter.SendingIp));

        Dictionary<string, long> Top(Dimension dimension)
        {
            var ordered = breakdown.Where(b => b.Dimension == dimension).OrderByDescending(b => b.Sessions).ThenBy(b => b.Key, StringComparer.Ordinal).ToList();
            var result = ordered.Take(MaxKeysPerBreakdown).ToDictionary(b => b.Key, b => b.Sessions, StringComparer.Ordinal);
            var rest = ordered.Skip(MaxKeysPerBreakdown).Sum(b => b.Sessions);
            if (rest > 0)
            {
                result[ReportAggregator.Other] = result.GetValueOrDefault(ReportAggregator.Other) + rest;
            }

            return result;
        }
    }

    /// <summary>One row per day of the range, zeros where nothing matched, like the unfiltered series.</summary>
    public static DailyResponse[] Daily(IReadOnlyList<FilteredDay> days, DayRange range)
    {
        var byDay = days.ToDictionary(d => d.Day);
        var rows = new DailyResponse[range.To.DayNumber - range.From.DayNumber + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            var day = DateOnly.FromDayNumber(range.From.DayNumber + i);
            rows[i] = byDay.TryGetValue(day, out var d)
                ? new DailyResponse(day, d.Reports, d.SuccessfulSessions, d.FailedSessions, Rate(d.FailedSessions, d.ScopeSessions))
                : new DailyResponse(day, 0, 0, 0, 0);
        }

        return rows;
    }

    private static double Rate(long failed, long sessions) => sessions == 0 ? 0 : Math.Round((double)failed / sessions, 6);
}
