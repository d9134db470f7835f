namespace TlsRptPlatform.Abstractions.Domains;

/// <summary>A domain's report addresses, built the same way by the API (to show them) and the silo (to verify them).</summary>
public static class ReportAddress
{
    public static Uri Https(Uri publicBaseUrl, string reportToken) => new(publicBaseUrl, $"/v1/reports/{reportToken}");

    public static string Mailto(string reportDomain, string reportToken) => $"mailto:{reportToken}@{reportDomain}";
}
