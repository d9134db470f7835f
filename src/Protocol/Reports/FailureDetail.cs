namespace TlsRptPlatform.Protocol.Reports;

/// <summary>One entry of a policy's <c>failure-details</c> (RFC 8460 §4.4). Empty strings are read as absent.</summary>
public sealed record FailureDetail(
    string ResultType,
    string? SendingMtaIp,
    string? ReceivingMxHostname,
    string? ReceivingMxHelo,
    string? ReceivingIp,
    long FailedSessionCount,
    string? AdditionalInformation,
    string? FailureReasonCode);
