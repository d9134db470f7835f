using System.Text;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Platform.Tests.Archive;

/// <summary>Minimal reports for tests that drive the archive directly: 5 successful and 1 certificate-expired session.</summary>
internal static class ArchiveSamples
{
    public static StoredReport Report(string domain, string organization, string reportId, DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new(domain, organization, reportId, day, start, start.AddDays(1).AddSeconds(-1), DateTimeOffset.UtcNow, "https", null, null, 5, 1, [], Encoding.UTF8.GetBytes("{}"));
    }

    public static ReportContribution Contribution(DateOnly day) =>
        new(day, 5, 1, new Dictionary<Dimension, IReadOnlyDictionary<string, long>>
        {
            [Dimension.ResultType] = new Dictionary<string, long> { ["certificate-expired"] = 1 },
        });
}
