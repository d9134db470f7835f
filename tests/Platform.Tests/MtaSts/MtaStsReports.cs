using System.Text;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.MtaSts;

/// <summary>Reports under one sts policy from a named reporter, with failures at a named MX: the readiness tests' material.</summary>
internal static class MtaStsReports
{
    public static byte[] Sts(string domain, string organization, DateOnly day, long successful, long failed = 0, string mx = "", string resultType = "certificate-host-mismatch") =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["organization-name"] = organization,
            ["date-range"] = new JsonObject { ["start-datetime"] = $"{day:yyyy-MM-dd}T00:00:00Z", ["end-datetime"] = $"{day:yyyy-MM-dd}T23:59:59Z" },
            ["contact-info"] = "tlsrpt@reporter.test",
            ["report-id"] = $"{organization}-{day:yyyyMMdd}-{Guid.NewGuid():N}",
            ["policies"] = new JsonArray(new JsonObject
            {
                ["policy"] = new JsonObject { ["policy-type"] = "sts", ["policy-string"] = new JsonArray("version: STSv1", "mode: testing"), ["policy-domain"] = domain },
                ["summary"] = new JsonObject { ["total-successful-session-count"] = successful, ["total-failure-session-count"] = failed },
                ["failure-details"] = failed == 0
                    ? new JsonArray()
                    : new JsonArray(new JsonObject
                    {
                        ["result-type"] = resultType,
                        ["sending-mta-ip"] = "192.0.2.10",
                        ["receiving-mx-hostname"] = mx,
                        ["failed-session-count"] = failed,
                    }),
            }),
        }.ToJsonString());
}
