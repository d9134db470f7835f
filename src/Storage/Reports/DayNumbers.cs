namespace TlsRptPlatform.Storage.Reports;

/// <summary>Days are stored as <see cref="DateOnly.DayNumber"/> so that both engines compare plain integers.</summary>
internal static class DayNumbers
{
    public static int ToStored(this DateOnly day) => day.DayNumber;

    public static DateOnly FromStored(int value) => DateOnly.FromDayNumber(value);
}
