namespace TlsRptPlatform.Api.Domains;

/// <summary>The drill-down an answer was computed under, echoed so a client can show it; null fields were not filtered.</summary>
public sealed record AppliedFilter(string? ResultType, string? Organization, string? ReceivingMx, string? SendingIp);
