using TlsRptPlatform.Grains.Digest;

namespace TlsRptPlatform.Platform.Tests.Digest;

/// <summary>Which week a digest covers and from when it is due, for the configured day and hour.</summary>
public sealed class DigestWeekTests
{
    [Theory]
    // Monday 2026-11-30, default Monday 07:00: due from 07:00, covering the ISO week 48 (Nov 23–29).
    [InlineData("2026-11-30T06:59:59Z", DayOfWeek.Monday, 7, null)]
    [InlineData("2026-11-30T07:00:00Z", DayOfWeek.Monday, 7, "2026-W48")]
    [InlineData("2026-12-06T23:59:59Z", DayOfWeek.Monday, 7, "2026-W48")]
    // Sunday is the last day of the ISO week: not due on Monday to Saturday, due on the Sunday.
    [InlineData("2026-12-05T12:00:00Z", DayOfWeek.Sunday, 0, null)]
    [InlineData("2026-12-06T00:00:00Z", DayOfWeek.Sunday, 0, "2026-W48")]
    // Across the year end: Monday 2027-01-04 covers 2026-W53 (Dec 28 – Jan 3).
    [InlineData("2027-01-04T08:00:00Z", DayOfWeek.Monday, 7, "2026-W53")]
    public void The_due_week_follows_the_configured_day_and_hour(string now, DayOfWeek day, int hour, string? week)
    {
        var due = DigestWeek.DueAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), day, hour);

        Assert.Equal(week, due?.Key);
        if (due is not null)
        {
            Assert.Equal(DayOfWeek.Monday, due.From.DayOfWeek);
            Assert.Equal(6, due.To.DayNumber - due.From.DayNumber);
            Assert.Equal(due.From.AddDays(-7), due.Previous.From);
        }
    }
}
