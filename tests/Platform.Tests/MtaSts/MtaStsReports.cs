using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.MtaSts;

/// <summary>Reports under one sts policy in testing from a named reporter, with failures at a named MX: the readiness tests' material.</summary>
internal static class MtaStsReports
{
    public static byte[] Sts(string domain, string organization, DateOnly day, long successful, long failed = 0, string mx = "", string resultType = "certificate-host-mismatch") =>
        Reports.WithSessions(domain, $"{organization}-{day:yyyyMMdd}-{Guid.NewGuid():N}", day, successful, failed, resultType, organization, mx, mode: "testing");
}
