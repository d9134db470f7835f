namespace TlsRptPlatform.Grains.Policies;

/// <summary>What the silo needs to know a domain's own report addresses: <c>Platform:PublicBaseUrl</c>, <c>Smtp:ReportDomain</c>.</summary>
public sealed class ReportAddressOptions
{
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:8080");

    public string ReportDomain { get; set; } = "reports.localhost";
}
