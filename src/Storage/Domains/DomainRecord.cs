namespace TlsRptPlatform.Storage.Domains;

/// <param name="RequireDkim">E-mailed reports need a passing DKIM signature.</param>
/// <param name="Verified">The domain's TLS-RPT record pointed at its report address at the last policy check.</param>
/// <param name="PreviousReportToken">The token before the last rotation, accepted until <paramref name="PreviousReportTokenExpiresAt"/>.</param>
public sealed record DomainRecord(
    string Name,
    string TenantId,
    string ReportToken,
    DateTimeOffset CreatedAt,
    bool Verified = false,
    bool RequireDkim = false,
    string? PreviousReportToken = null,
    DateTimeOffset? PreviousReportTokenExpiresAt = null)
{
    /// <summary>Whether reports sent to <paramref name="token"/> belong to this domain at <paramref name="now"/>: the current token, or the previous one within its grace period.</summary>
    public bool Accepts(string token, DateTimeOffset now) =>
        string.Equals(ReportToken, token, StringComparison.Ordinal)
        || (PreviousReportTokenExpiresAt > now && string.Equals(PreviousReportToken, token, StringComparison.Ordinal));
}
