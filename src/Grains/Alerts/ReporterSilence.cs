namespace TlsRptPlatform.Grains.Alerts;

/// <summary>
/// The reporter-silent rule: an organization that reported on at least 5 of the 7 days before the last two has sent
/// nothing for those two days (48 hours, by time received). Days are UTC.
/// </summary>
public static class ReporterSilence
{
    public const int ActiveDays = 5;
    public const int WindowDays = 7;
    public static readonly TimeSpan Silence = TimeSpan.FromDays(2);

    /// <summary>How far back the activity must reach for <see cref="Find"/>.</summary>
    public static readonly TimeSpan Lookback = Silence + TimeSpan.FromDays(WindowDays);

    public static IReadOnlyList<SilentReporter> Find(IEnumerable<(string Organization, DateTimeOffset ReceivedAt)> activity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var silentSince = now - Silence;
        var windowStart = silentSince - TimeSpan.FromDays(WindowDays);
        return activity
            .GroupBy(a => a.Organization, StringComparer.Ordinal)
            .Select(g => (Organization: g.Key, Last: g.Max(a => a.ReceivedAt), Days: g
                .Where(a => a.ReceivedAt >= windowStart && a.ReceivedAt < silentSince)
                .Select(a => DateOnly.FromDateTime(a.ReceivedAt.UtcDateTime))
                .Distinct()
                .Count()))
            .Where(o => o.Last < silentSince && o.Days >= ActiveDays)
            .Select(o => new SilentReporter(o.Organization, o.Last, o.Days))
            .OrderBy(o => o.Organization, StringComparer.Ordinal)
            .ToList();
    }
}
