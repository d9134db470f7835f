using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Grains.Domains;

/// <summary>Folds stored daily aggregates into the shapes the API returns.</summary>
internal static class SummaryBuilder
{
    /// <summary>Keys listed per breakdown; the rest are added up under <see cref="ReportAggregator.Other"/>.</summary>
    public const int MaxKeysPerBreakdown = 100;

    public static DomainSummary Summarize(IReadOnlyList<DailyTotals> days, IReadOnlyList<BreakdownEntry> breakdown)
    {
        return new DomainSummary(
            days.Sum(d => d.Reports),
            days.Sum(d => d.SuccessfulSessions),
            days.Sum(d => d.FailedSessions),
            Top(Dimension.ResultType),
            Top(Dimension.Organization),
            ByPolicyType(),
            Top(Dimension.ReceivingMx),
            Top(Dimension.SendingIp),
            Top(Dimension.PolicyDomain));

        IReadOnlyDictionary<string, PolicyTypeSessions> ByPolicyType()
        {
            var failed = Top(Dimension.PolicyType);
            var successful = Top(Dimension.SuccessfulByPolicyType);
            return failed.Keys.Union(successful.Keys, StringComparer.Ordinal).ToDictionary(
                type => type,
                type => new PolicyTypeSessions(successful.GetValueOrDefault(type), failed.GetValueOrDefault(type)),
                StringComparer.Ordinal);
        }

        IReadOnlyDictionary<string, long> Top(Dimension dimension)
        {
            var ordered = breakdown.Where(b => b.Dimension == dimension)
                .OrderByDescending(b => b.Sessions).ThenBy(b => b.Key, StringComparer.Ordinal)
                .ToList();
            var result = ordered.Take(MaxKeysPerBreakdown).ToDictionary(b => b.Key, b => b.Sessions, StringComparer.Ordinal);
            var rest = ordered.Skip(MaxKeysPerBreakdown).Sum(b => b.Sessions);
            if (rest > 0)
            {
                result[ReportAggregator.Other] = result.GetValueOrDefault(ReportAggregator.Other) + rest;
            }

            return result;
        }
    }

    /// <summary>One row per day of the range, zeros where nothing was reported, so charts need no gap handling.</summary>
    public static IReadOnlyList<DailyRow> Daily(IReadOnlyList<DailyTotals> days, DateOnly from, DateOnly to)
    {
        var byDay = days.ToDictionary(d => d.Day);
        var rows = new List<DailyRow>(to.DayNumber - from.DayNumber + 1);
        // Counting day numbers rather than calling AddDays: a range ending on 9999-12-31 must not step past it.
        for (var number = from.DayNumber; number <= to.DayNumber; number++)
        {
            var day = DateOnly.FromDayNumber(number);
            rows.Add(byDay.TryGetValue(day, out var d)
                ? new DailyRow(day, d.Reports, d.SuccessfulSessions, d.FailedSessions)
                : new DailyRow(day, 0, 0, 0));
        }

        return rows;
    }
}
