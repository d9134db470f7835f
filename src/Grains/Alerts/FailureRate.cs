namespace TlsRptPlatform.Grains.Alerts;

/// <summary>The failure-rate rule: more than <c>thresholdPercent</c> of a day's sessions failed, with at least <c>minSessions</c>.</summary>
public static class FailureRate
{
    public static bool Exceeds(long successful, long failed, double thresholdPercent, long minSessions, out double failurePercent)
    {
        var total = successful + failed;
        failurePercent = total == 0 ? 0 : 100.0 * failed / total;
        return total >= minSessions && total > 0 && failurePercent > thresholdPercent;
    }
}
