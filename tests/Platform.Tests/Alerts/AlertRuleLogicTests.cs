using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Policies;

namespace TlsRptPlatform.Platform.Tests.Alerts;

public class AlertRuleLogicTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(950, 50, 5, 100, false)]   // exactly 5 %: not more than the threshold
    [InlineData(949, 51, 5, 100, true)]
    [InlineData(10, 80, 5, 100, false)]    // 90 sessions: under the minimum
    [InlineData(0, 100, 5, 100, true)]
    [InlineData(0, 0, 0, 0, false)]        // no sessions at all
    public void Failure_rate_needs_more_than_the_threshold_and_at_least_the_minimum(long ok, long failed, double threshold, long min, bool fires) =>
        Assert.Equal(fires, FailureRate.Exceeds(ok, failed, threshold, min, out _));

    [Fact]
    public void A_reporter_active_on_five_of_seven_days_and_quiet_for_two_is_silent()
    {
        var activity = Days("google.com", 3, 4, 5, 6, 7)
            .Concat(Days("microsoft.com", 3, 4, 5, 6))          // only four active days
            .Concat(Days("yahoo.com", 1, 3, 4, 5, 6, 7))         // reported yesterday
            .Concat(Days("comcast.net", 3, 4, 5, 6, 8, 9));      // six active days, quiet for three

        var silent = ReporterSilence.Find(activity, Now);

        Assert.Equal(["comcast.net", "google.com"], silent.Select(s => s.Organization));
        Assert.Equal(5, silent.Single(s => s.Organization == "google.com").DaysReported);
        Assert.Equal(Now.AddDays(-3), silent.Single(s => s.Organization == "google.com").LastReportAt);
    }

    [Fact]
    public void Policy_alerts_see_new_errors_and_watched_changes_but_not_the_first_check()
    {
        var ok = Snapshot();
        var broken = Snapshot(new Finding("tlsrpt-missing", FindingSeverity.Error, "gone", "publish"), new Finding("mtasts-testing", FindingSeverity.Warning, "w", "f"));
        PolicyChange[] changes = [new(Now, "tls-rpt.record", "a", "b"), new(Now, "tlsa.mx.example.com", null, "3 1 1 ab")];

        Assert.Equal(["tlsrpt-missing"], PolicyAlerts.NewErrors(ok, broken).Select(f => f.Code));
        Assert.Empty(PolicyAlerts.NewErrors(broken, broken));
        Assert.Equal(["tls-rpt.record"], PolicyAlerts.WatchedChanges(ok, changes).Select(c => c.What));
        Assert.Empty(PolicyAlerts.WatchedChanges(null, changes));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(5, 480)]
    [InlineData(9, 3600)]
    [InlineData(40, 3600)]
    public void Retries_back_off_exponentially_up_to_the_maximum(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new AlertOptions().RetryDelay(attempt));

    [Fact]
    public void An_alert_e_mail_carries_the_numbers_in_text_and_html_with_markup_escaped()
    {
        var alert = new AlertRecord(
            "al_1", "t_1", "ar_1", "example.com", AlertKinds.FailureRate, Now, "12 % of <b>500</b> failed",
            """{"day":"2026-11-28","sessions":500,"failurePercent":12.5,"resultTypes":[{"resultType":"certificate-expired"}]}""", []);

        using var mail = AlertMessage.Email(alert, "alerts@example.net", "ops@example.com");

        Assert.Contains("sessions: 500", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("resultTypes[0].resultType: certificate-expired", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<td>12.5</td>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;500&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("[TLS-RPT] failure-rate: example.com", mail.Subject);
    }

    private static IEnumerable<(string, DateTimeOffset)> Days(string organization, params int[] daysAgo) =>
        daysAgo.Select(d => (organization, Now.AddDays(-d)));

    private static PolicySnapshot Snapshot(params Finding[] findings) =>
        new(Now, new TlsRptState("valid", [], true, "v=TLSRPTv1"), new MtaStsState("missing", null, null, [], null, null), [], findings, []);
}
