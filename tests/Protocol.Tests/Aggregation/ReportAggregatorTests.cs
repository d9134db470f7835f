using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Aggregation;

public class ReportAggregatorTests
{
    [Fact]
    public void Totals_come_from_summaries_and_breakdowns_from_details()
    {
        var report = TlsReportReader.Parse(Corpus.Read("parsedmarc/mail.ru.json"), new ReportLimits());

        var c = ReportAggregator.Compute(report);

        Assert.Equal(new DateOnly(2024, 2, 22), c.Day);
        Assert.Equal(0, c.SuccessfulSessions);
        Assert.Equal(1, c.FailedSessions);
        Assert.Equal(1, c.Breakdown[Dimension.Organization]["Mail.ru"]);
        Assert.Equal(1, c.Breakdown[Dimension.PolicyType]["sts"]);
        Assert.Equal(2, c.Breakdown[Dimension.ResultType]["sts-policy-fetch-error"]);
        Assert.Equal(2, c.Breakdown[Dimension.SendingIp][ReportAggregator.NotReported]);
    }

    [Fact]
    public void Result_type_and_receiving_mx_are_also_counted_as_a_pair()
    {
        FailureDetail[] details =
        [
            new("certificate-expired", "192.0.2.1", "MX2.example.com.", null, null, 7, null, null),
            new("certificate-expired", "192.0.2.2", "mx1.example.com", null, null, 2, null, null),
            new("starttls-not-supported", "192.0.2.3", "mx2.example.com", null, null, 1, null, null),
        ];
        var report = new TlsReport("Org", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, "r",
            [new PolicyResult("sts", [], "example.com", [], 0, 10, details)], []);

        var pairs = ReportAggregator.Compute(report).Breakdown[Dimension.ResultTypeAtMx];

        Assert.Equal(7, pairs["certificate-expired mx2.example.com"]);
        Assert.Equal(2, pairs["certificate-expired mx1.example.com"]);
        Assert.Equal(1, pairs["starttls-not-supported mx2.example.com"]);
    }

    [Fact]
    public void Keys_beyond_the_limit_are_folded_into_other()
    {
        var details = Enumerable.Range(0, 10)
            .Select(i => new FailureDetail("validation-failure", $"192.0.2.{i}", null, null, null, 1, null, null)).ToList();
        var report = new TlsReport("Org", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, "r",
            [new PolicyResult("sts", [], "example.com", [], 0, 10, details)], []);

        var c = ReportAggregator.Compute(report, maxKeysPerDimension: 4);

        Assert.Equal(5, c.Breakdown[Dimension.SendingIp].Count);
        Assert.Equal(6, c.Breakdown[Dimension.SendingIp][ReportAggregator.Other]);
        Assert.Equal(10, c.Breakdown[Dimension.SendingIp].Values.Sum());
    }

    [Fact]
    public void Long_keys_are_cut_so_fresh_keys_cannot_bloat_the_breakdown()
    {
        var details = Enumerable.Range(0, 1_000)
            .Select(i => new FailureDetail(new string('r', 4_000) + i, new string('1', 4_000) + i, new string('m', 4_000) + i, null, null, 1, null, null)).ToList();
        var report = new TlsReport(new string('o', 4_000), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, "r",
            [new PolicyResult("sts", [], "example.com", [], 0, 1_000, details)], []);

        var c = ReportAggregator.Compute(report);

        Assert.All(c.Breakdown.Values.SelectMany(d => d.Keys), k => Assert.True(k.Length <= ReportAggregator.MaxKeyLength, $"a key of {k.Length} characters"));
        Assert.Equal(1_000, c.Breakdown[Dimension.ResultType].Values.Sum());
        Assert.Equal(1_000, c.Breakdown[Dimension.Organization].Values.Sum());
    }

    [Fact]
    public void A_long_key_is_not_cut_inside_a_surrogate_pair()
    {
        var mx = new string('m', ReportAggregator.MaxKeyLength - 2) + "\U0001F600" + "x";
        var report = new TlsReport("Org", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, "r",
            [new PolicyResult("sts", [], "example.com", [], 0, 1, [new FailureDetail("validation-failure", null, mx, null, null, 1, null, null)])], []);

        var key = Assert.Single(ReportAggregator.Compute(report).Breakdown[Dimension.ReceivingMx].Keys);

        Assert.False(key.Any(char.IsSurrogate), key);
    }
}
