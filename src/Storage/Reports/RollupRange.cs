namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// A day range split for reading breakdowns: whole calendar months from <c>monthly_breakdown</c>, the partial months
/// at either edge from <c>daily_breakdown</c>. Days and months are stored day numbers (a month by its first day); an
/// empty part has its start after its end, so one query text serves every range.
/// </summary>
internal readonly record struct RollupRange(int LeadFrom, int LeadTo, int MonthFrom, int MonthTo, int TailFrom, int TailTo)
{
    public static RollupRange Of(DateOnly from, DateOnly to)
    {
        var first = from.Day == 1 ? from.DayNumber : MonthStart(from) + DaysIn(from);
        // The last whole month ends on the range's last day, or just before that day's month begins.
        var lastEnd = to.Day == DaysIn(to) ? to.DayNumber : MonthStart(to) - 1;
        if (lastEnd < first)
        {
            return new RollupRange(from.DayNumber, to.DayNumber, 1, 0, 1, 0);
        }

        return new RollupRange(from.DayNumber, first - 1, first, MonthStart(DateOnly.FromDayNumber(lastEnd)), lastEnd + 1, to.DayNumber);
    }

    /// <summary>The stored month a day belongs to: the day number of the month's first day.</summary>
    public static int MonthStart(DateOnly day) => day.DayNumber - day.Day + 1;

    private static int DaysIn(DateOnly day) => DateTime.DaysInMonth(day.Year, day.Month);
}
