using TlsRptPlatform.Abstractions.Reports;

namespace TlsRptPlatform.Api.Domains;

/// <summary>Example bodies for the OpenAPI document.</summary>
internal static class DomainExamples
{
    private const string Token = "k3vq7n2m4x5r6t7y8z2a3b4c5d6e7f2g";

    public static readonly object Register = new { name = "example.com" };

    public static readonly DomainResponse Domain = new(
        "example.com", Token, new Uri($"https://tlsrpt.example.net/v1/reports/{Token}"), $"mailto:{Token}@reports.example.net",
        "_smtp._tls.example.com", $"v=TLSRPTv1; rua=mailto:{Token}@reports.example.net,https://tlsrpt.example.net/v1/reports/{Token}",
        Verified: false, new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), RequireDkim: false);

    public static readonly SummaryResponse Summary = new(
        "example.com", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 28), 412, 1_250_332, 1_204, 0.000962,
        new Dictionary<string, long> { ["certificate-expired"] = 900, ["starttls-not-supported"] = 300, ["sts-policy-fetch-error"] = 4 },
        new Dictionary<string, long> { ["Google Inc."] = 1_000, ["Microsoft Corporation"] = 204 },
        new Dictionary<string, PolicyTypeSessions> { ["sts"] = new(1_250_332, 1_204) },
        new Dictionary<string, long> { ["mx2.example.com"] = 900, ["mx1.example.com"] = 300, ["(not reported)"] = 4 },
        new Dictionary<string, long> { ["209.85.220.41"] = 700, ["40.107.22.52"] = 204, ["(other)"] = 300 },
        new Dictionary<string, long> { ["example.com"] = 1_204 },
        [
            new ReportExplanation(
                "certificate-expired", "mx2.example.com", 900, "mx2.example.com presents a certificate that expired on 2026-11-20.",
                "900 certificate-expired sessions were reported at mx2.example.com; mx2.example.com presents a certificate that expired on 2026-11-20."),
        ]);

    public static readonly DailyResponse[] Daily =
    [
        new(new DateOnly(2026, 11, 27), 15, 45_012, 3, 0.000067),
        new(new DateOnly(2026, 11, 28), 14, 44_870, 412, 0.009099),
    ];
}
