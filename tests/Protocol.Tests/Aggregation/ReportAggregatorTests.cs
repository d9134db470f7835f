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
}
