namespace TlsRptPlatform.Api.Domains;

/// <param name="RequireDkim">E-mailed reports without a passing DKIM signature are refused (<c>PATCH</c> to change).</param>
/// <param name="TlsRptRecordName">Where <paramref name="TlsRptRecord"/> is published: <c>_smtp._tls.&lt;domain&gt;</c> (RFC 8460 §3).</param>
/// <param name="PreviousReportTokenExpiresAt">
/// After <c>POST …/report-token/rotate</c>: until when reports to the previous token are still accepted (in the past
/// once they no longer are); null when the token was never rotated.
/// </param>
public sealed record DomainResponse(
    string Name,
    string ReportToken,
    Uri RuaHttps,
    string RuaMailto,
    string TlsRptRecordName,
    string TlsRptRecord,
    bool Verified,
    DateTimeOffset CreatedAt,
    bool RequireDkim,
    DateTimeOffset? PreviousReportTokenExpiresAt = null);
