namespace TlsRptPlatform.Api.Hosting;

/// <summary>Configuration section <c>Smtp</c> (the report mail domain; the listener comes with e-mail ingestion).</summary>
public sealed class SmtpOptions
{
    /// <summary>The mail domain of <c>ruaMailto</c> addresses: <c>mailto:{reportToken}@{ReportDomain}</c>.</summary>
    public string ReportDomain { get; set; } = "reports.localhost";
}
