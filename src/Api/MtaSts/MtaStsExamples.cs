using TlsRptPlatform.Abstractions.MtaSts;

namespace TlsRptPlatform.Api.MtaSts;

/// <summary>Example bodies for the OpenAPI document.</summary>
internal static class MtaStsExamples
{
    public static readonly object Request = new { mode = "testing", mx = new[] { "mx1.example.com", "*.example.net" }, maxAge = 604800 };

    public static readonly HostedPolicy Policy = new(
        "example.com", "testing", ["mx1.example.com", "*.example.net"], 604800, "20261201T101500k3xq7a",
        new DateTimeOffset(2026, 12, 1, 10, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 10, 15, 0, TimeSpan.Zero),
        "version: STSv1\r\nmode: testing\r\nmx: mx1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n",
        [
            new PolicyRecord("mta-sts.example.com", "CNAME", "mta-sts.tlsrpt.example.net", true, ["mta-sts.tlsrpt.example.net"]),
            new PolicyRecord("_mta-sts.example.com", "TXT", "v=STSv1; id=20261201T101500k3xq7a", false, ["v=STSv1; id=20261101T090000abcdef"]),
        ]);
}
