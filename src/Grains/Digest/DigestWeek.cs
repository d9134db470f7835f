using System.Globalization;

namespace TlsRptPlatform.Grains.Digest;

/// <summary>
/// The ISO week a digest covers (Monday to Sunday, UTC), the week before it for comparison, and the key that makes the
/// digest go out once: <c>2026-W48</c>.
/// </summary>
public sealed record DigestWeek(DateOnly From, DateOnly To)
{
    public string Key => $"{ISOWeek.GetYear(From.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue)):00}";

    public DigestWeek Previous => new(From.AddDays(-7), To.AddDays(-7));

    /// <summary>
    /// The week whose digest is due at <paramref name="now"/>: the previous ISO week, once the current week has reached
    /// <paramref name="day"/> at <paramref name="hour"/> UTC; null before that.
    /// </summary>
    public static DigestWeek? DueAt(DateTimeOffset now, DayOfWeek day, int hour)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var sendAt = monday.AddDays(((int)day + 6) % 7).ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);
        return now.UtcDateTime < sendAt ? null : new DigestWeek(monday.AddDays(-7), monday.AddDays(-1));
    }
}
