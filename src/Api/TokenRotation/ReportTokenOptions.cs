namespace TlsRptPlatform.Api.TokenRotation;

/// <summary>Configuration section <c>Reports</c>: report token rotation.</summary>
public sealed class ReportTokenOptions
{
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(90);

    /// <summary>
    /// <c>Reports:TokenGracePeriod</c>: how long the previous token keeps being accepted after a rotation. Senders cache
    /// the TLS-RPT record for its DNS TTL and send a day's report up to a day later, so a week covers them comfortably.
    /// Read by the process that serves the rotation; the expiry is stored with the domain.
    /// </summary>
    public TimeSpan TokenGracePeriod { get; set; } = TimeSpan.FromDays(7);
}
