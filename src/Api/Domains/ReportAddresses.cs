using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Api.Domains;

/// <summary>
/// Builds a domain's report addresses and the TLS-RPT record that points senders at them. The record names the HTTPS
/// address only when <c>Platform:PublicBaseUrl</c> is https (a laptop install on http://localhost gets mail only).
/// </summary>
public sealed class ReportAddresses(IOptions<PlatformOptions> platform, IOptions<SmtpOptions> smtp)
{
    public DomainResponse Describe(DomainInfo domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var https = ReportAddress.Https(platform.Value.PublicBaseUrl, domain.ReportToken);
        var mailto = ReportAddress.Mailto(smtp.Value.ReportDomain, domain.ReportToken);
        // RFC 8460 §3 allows only mailto: and https: report URIs; a record listing an http: address would be invalid.
        var rua = https.Scheme == Uri.UriSchemeHttps ? $"{mailto},{https}" : mailto;
        return new DomainResponse(
            domain.Name, domain.ReportToken, https, mailto,
            $"_smtp._tls.{domain.Name}",
            $"v=TLSRPTv1; rua={rua}",
            domain.Verified, domain.CreatedAt, domain.RequireDkim, domain.PreviousReportTokenExpiresAt);
    }
}
