using System.Globalization;

namespace TlsRptPlatform.Api.Domains;

/// <summary>An inclusive range of UTC days from <c>from</c>/<c>to</c> query parameters (YYYY-MM-DD).</summary>
public readonly record struct DayRange(DateOnly From, DateOnly To)
{
    /// <summary>Longest range of the daily series, which has one row per day.</summary>
    public const int MaxDailyDays = 1_100;
    public const int DefaultDays = 30;

    public static bool TryParse(string? from, string? to, DateTimeOffset now, int? maxDays, out DayRange range, out string error)
    {
        range = default;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // DateOnly.AddDays throws near 0001-01-01, so the default start is computed on day numbers.
        if (!TryDay(to, today, out var end)
            || !TryDay(from, DateOnly.FromDayNumber(Math.Max(0, end.DayNumber + 1 - DefaultDays)), out var start))
        {
            error = "'from' and 'to' are dates in the form YYYY-MM-DD.";
            return false;
        }

        if (start > end)
        {
            error = "'from' is after 'to'.";
            return false;
        }

        if (end.DayNumber - start.DayNumber + 1 > maxDays)
        {
            error = $"A range covers at most {maxDays} days here.";
            return false;
        }

        range = new DayRange(start, end);
        error = string.Empty;
        return true;
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrEmpty(text))
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
