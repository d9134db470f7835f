namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// A drill-down: keep only the sessions of one organization and/or the failed sessions with this result type,
/// receiving MX and sending IP. Values are compared exactly with the stored keys (MX hosts lower-case, no final dot).
/// </summary>
public sealed record ReportFilter(string? ResultType = null, string? Organization = null, string? ReceivingMx = null, string? SendingIp = null)
{
    public bool IsEmpty => Organization is null && !ByFailureFields;

    /// <summary>Fields that exist only in failure details: successful sessions carry none of them.</summary>
    public bool ByFailureFields => ResultType is not null || ReceivingMx is not null || SendingIp is not null;
}
