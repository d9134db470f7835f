using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Api.Domains;

/// <summary>
/// The drill-down query parameters shared by <c>/summary</c>, <c>/daily</c> and <c>/reports</c>. Values are bounded like
/// the stored keys they are compared with (at most 255 characters) and may not carry control characters.
/// </summary>
public static class ReportFilterQuery
{
    public const int MaxLength = ReportAggregator.MaxKeyLength;

    public static bool TryParse(string? resultType, string? organization, string? receivingMx, string? sendingIp, out ReportFilter filter, out string error, out string path)
    {
        filter = new ReportFilter();
        error = path = string.Empty;
        var values = new[] { ("resultType", resultType), ("organization", organization), ("receivingMx", receivingMx), ("sendingIp", sendingIp) };
        foreach (var (name, value) in values)
        {
            if (value is not null && (value.Length is 0 or > MaxLength || value.Any(char.IsControl) || value.Trim().Length != value.Length))
            {
                error = $"'{name}' is 1–{MaxLength} characters without control characters or surrounding spaces.";
                path = name;
                return false;
            }
        }

        // MX hosts are stored lower-case without the root dot (ReportAggregator.HostKey); accept them as people type them.
        filter = new ReportFilter(resultType, organization, receivingMx?.TrimEnd('.').ToLowerInvariant() is { Length: > 0 } mx ? mx : receivingMx, sendingIp);
        return true;
    }
}
