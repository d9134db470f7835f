using System.Net;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>What every fault test checks once the fault is over.</summary>
internal static class FaultAssertions
{
    /// <summary>Senders saw only 2xx, or 503 with Retry-After: never a 500 or a dropped connection.</summary>
    public static void OnlyAcknowledgedOrRetryLater(SteadySenders senders)
    {
        Assert.DoesNotContain(senders.Answers, a => (int)a.Status / 100 != 2 && a.Status != HttpStatusCode.ServiceUnavailable);
        Assert.All(senders.Answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.RetryAfter, "a 503 without Retry-After"));
    }

    /// <summary>Every acknowledged report is stored under its id, and no report is counted twice.</summary>
    public static async Task NothingAcknowledgedIsLostAsync(HttpClient tenant, SteadySenders senders, DateOnly day)
    {
        foreach (var group in senders.Acknowledged.GroupBy(a => a.Domain))
        {
            var range = $"from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}";
            var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{group.Key}/summary?{range}"))!;
            Assert.True((long)summary["reports"]! >= group.Count(), $"{group.Key}: {summary["reports"]} stored, {group.Count()} acknowledged");
            Assert.Equal((long)summary["reports"]! * 10, (long)summary["successfulSessions"]!);
            var stored = new HashSet<long>();
            for (var offset = 0; offset < (long)summary["reports"]!; offset += 1000)
            {
                var page = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{group.Key}/reports?{range}&limit=1000&offset={offset}"))!.AsArray();
                stored.UnionWith(page.Select(r => (long)r!["id"]!));
            }

            Assert.All(group, a => Assert.Contains(a.Id, stored));
        }
    }
}
