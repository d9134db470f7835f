namespace TlsRptPlatform.Api.Domains;

/// <param name="TlsRptRecordName">Where <paramref name="TlsRptRecord"/> is published: <c>_smtp._tls.&lt;domain&gt;</c> (RFC 8460 §3).</param>
public sealed record DomainResponse(
    string Name,
    string ReportToken,
    Uri RuaHttps,
    string RuaMailto,
    string TlsRptRecordName,
    string TlsRptRecord,
    bool Verified,
    DateTimeOffset CreatedAt);
