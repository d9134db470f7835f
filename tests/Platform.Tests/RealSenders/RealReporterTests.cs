using System.Text.Json.Nodes;
using static TlsRptPlatform.Platform.Tests.RealSenders.RealReporterDay;

namespace TlsRptPlatform.Platform.Tests.RealSenders;

/// <summary>
/// An independently written reporter against the platform: sys4's tlsrpt-reporter (what Postfix 3.10+ uses) reports a
/// day of MTA-STS and DANE deliveries by mail and by HTTPS, and delivers the day a second time (see
/// <see cref="RealReporterDay"/>). The numbers are the day's attempts: the MTA-STS domain had 40 successful sessions,
/// 3 with an expired certificate on mx2 and 3 failed validations on mx1; the DANE domain 25 successful sessions and 2
/// invalid TLSA on mx1 (policy tlsa for mx1), 4 successful and 1 dane-required on mx2 (no policy found).
/// </summary>
public class RealReporterTests(RealReporterDay day) : IClassFixture<RealReporterDay>
{
    private const string Organization = Infrastructure.TlsRptReporter.OrganizationName;

    [Fact]
    public void The_mta_sts_domain_report_is_mailed_and_counted_exactly()
    {
        var reply = day.Reporter.SmtpReplies[0];
        var (summary, reports) = day.AfterFirstRun[StsDomain];
        var report = Assert.Single(reports)!;

        Assert.Equal($"{Token(day.Sts)}@reports.example.net 250 2.6.0 1 report(s) stored: {(long)report["id"]!}", reply);
        Assert.Equal("smtp", (string?)report["channel"]);
        Assert.Equal("sender.example", (string?)report["submitter"]);
        Assert.Equal(Organization, (string?)report["organization"]);
        Assert.Equal($"{day.Day:yyyy-MM-dd}T00:00:00Z_idx1_{StsDomain}", (string?)report["reportId"]);
        Assert.Empty(report["deviations"]!.AsArray());
        var totals = JsonNode.Parse(summary)!;
        Assert.Equal(1, (long)totals["reports"]!);
        Assert.Equal(40, (long)totals["successfulSessions"]!);
        Assert.Equal(6, (long)totals["failedSessions"]!);
        AssertCounts(totals["byResultType"], ("certificate-expired", 3), ("validation-failure", 3));
        AssertCounts(totals["byReceivingMx"], (Mx2(StsDomain), 3), (Mx1(StsDomain), 3));
        AssertCounts(totals["bySendingIp"], (SenderA, 5), (SenderB, 1));
        AssertCounts(totals["byPolicyDomain"], (StsDomain, 6));
        AssertCounts(totals["byOrganization"], (Organization, 6));
        AssertPolicyTypes(totals["byPolicyType"], ("sts", 40, 6));
    }

    [Fact]
    public void The_dane_domain_report_is_uploaded_and_its_tlsa_policy_for_the_mx_host_is_counted()
    {
        var reply = JsonNode.Parse(day.Reporter.HttpsReplies[0][..^" 201".Length])!;
        var (summary, reports) = day.AfterFirstRun[DaneDomain];
        var report = Assert.Single(reports)!;

        Assert.EndsWith(" 201", day.Reporter.HttpsReplies[0], StringComparison.Ordinal);
        Assert.Equal("accepted", (string?)reply["status"]);
        Assert.Equal((long)report["id"]!, (long)reply["id"]!);
        Assert.Equal("https", (string?)report["channel"]);
        Assert.Equal($"{day.Day:yyyy-MM-dd}T00:00:00Z_idx1_{DaneDomain}", (string?)report["reportId"]);
        // Postfix's no-policy-found carries neither (RFC 8460 §4.4 asks for both): tolerated, and noted.
        Assert.Equal(["policy-string-missing", "policy-domain-missing"], report["deviations"]!.AsArray().Select(d => (string)d!));
        var totals = JsonNode.Parse(summary)!;
        Assert.Equal(1, (long)totals["reports"]!);
        Assert.Equal(29, (long)totals["successfulSessions"]!);
        Assert.Equal(3, (long)totals["failedSessions"]!);
        AssertPolicyTypes(totals["byPolicyType"], ("tlsa", 25, 2), ("no-policy-found", 4, 1));
        // The tlsa policy is about mx1 (its TLSA base domain); Postfix's no-policy-found names no domain.
        AssertCounts(totals["byPolicyDomain"], (Mx1(DaneDomain), 2), ("(not reported)", 1));
        AssertCounts(totals["byResultType"], ("tlsa-invalid", 2), ("dane-required", 1));
        AssertCounts(totals["byReceivingMx"], (Mx1(DaneDomain), 2), (Mx2(DaneDomain), 1));
        AssertCounts(totals["bySendingIp"], (SenderA, 2), (SenderB, 1));
    }

    [Fact]
    public async Task Each_stored_report_is_the_report_the_reporter_rendered_byte_for_byte()
    {
        foreach (var domain in new[] { StsDomain, DaneDomain })
        {
            var id = (long)day.AfterFirstRun[domain].Reports.Single()!["id"]!;

            var raw = await day.Tenant.GetByteArrayAsync(new Uri($"/v1/domains/{domain}/reports/{id}/raw", UriKind.Relative));

            Assert.Equal(day.Reporter.RenderedReport(FirstRun, domain), raw);
        }
    }

    [Fact]
    public async Task Nothing_the_reporter_sent_was_refused()
    {
        foreach (var domain in new[] { StsDomain, DaneDomain })
        {
            var rejections = (JsonArray)await day.GetAsync($"/v1/domains/{domain}/rejections");

            Assert.Empty(rejections);
        }

        Assert.All(day.Reporter.SmtpReplies, r => Assert.Contains(" 250 2.6.0 ", r, StringComparison.Ordinal));
        Assert.All(day.Reporter.HttpsReplies, r => Assert.Matches(" 20[01]$", r));
    }

    [Fact]
    public void A_second_delivery_of_the_day_through_the_other_channel_is_counted_once()
    {
        var stsId = (long)day.AfterFirstRun[StsDomain].Reports.Single()!["id"]!;
        var daneId = (long)day.AfterFirstRun[DaneDomain].Reports.Single()!["id"]!;
        Assert.Equal(2, day.Reporter.SmtpReplies.Count);
        Assert.Equal(2, day.Reporter.HttpsReplies.Count);

        // The MTA-STS domain's report came again by HTTPS, the DANE domain's by mail: both known already.
        var again = day.Reporter.HttpsReplies[1];
        Assert.EndsWith(" 200", again, StringComparison.Ordinal);
        var answer = JsonNode.Parse(again[..^" 200".Length])!;
        Assert.Equal("duplicate", (string?)answer["status"]);
        Assert.Equal(stsId, (long)answer["id"]!);
        Assert.Equal($"{Token(day.Dane)}@reports.example.net 250 2.6.0 1 report(s) stored: {daneId}", day.Reporter.SmtpReplies[1]);
        foreach (var domain in new[] { StsDomain, DaneDomain })
        {
            Assert.Equal(day.AfterFirstRun[domain].Summary, day.AfterSecondRun[domain].Summary);
            Assert.Equal(day.AfterFirstRun[domain].Reports.ToJsonString(), day.AfterSecondRun[domain].Reports.ToJsonString());
        }
    }

    private static string Token(JsonNode domain) => (string)domain["reportToken"]!;

    private static void AssertCounts(JsonNode? breakdown, params (string Key, long Count)[] expected) =>
        Assert.Equal(
            expected.ToDictionary(e => e.Key, e => e.Count),
            breakdown!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!));

    private static void AssertPolicyTypes(JsonNode? breakdown, params (string Type, long Successful, long Failed)[] expected) =>
        Assert.Equal(
            expected.ToDictionary(e => e.Type, e => (e.Successful, e.Failed)),
            breakdown!.AsObject().ToDictionary(p => p.Key, p => ((long)p.Value!["successfulSessions"]!, (long)p.Value!["failedSessions"]!)));
}
