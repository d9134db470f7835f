using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Api.Domains;

/// <summary>Builds a domain's report addresses and the TLS-RPT record that points senders at them.</summary>
public sealed class ReportAddresses(IOptions<PlatformOptions> platform, IOptions<SmtpOptions> smtp)
{
    public DomainResponse Describe(DomainInfo domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var https = ReportAddress.Https(platform.Value.PublicBaseUrl, domain.ReportToken);
        var mailto = ReportAddress.Mailto(smtp.Value.ReportDomain, domain.ReportToken);
        return new DomainResponse(
            domain.Name, domain.ReportToken, https, mailto,
            $"_smtp._tls.{domain.Name}",
            $"v=TLSRPTv1; rua={mailto},{https}",
            domain.Verified, domain.CreatedAt);
    }
}
