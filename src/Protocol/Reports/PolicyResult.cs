namespace TlsRptPlatform.Protocol.Reports;

/// <summary>One entry of a report's <c>policies</c> array (RFC 8460 §4.4).</summary>
/// <param name="PolicyType">As sent: <c>sts</c>, <c>tlsa</c>, <c>no-policy-found</c> or an unknown value kept verbatim.</param>
/// <param name="PolicyDomain">Null when the sender left it out (Postfix's reporter does for <c>no-policy-found</c>).</param>
public sealed record PolicyResult(
    string PolicyType,
    IReadOnlyList<string> PolicyStrings,
    string? PolicyDomain,
    IReadOnlyList<string> MxHosts,
    long SuccessfulSessions,
    long FailedSessions,
    IReadOnlyList<FailureDetail> FailureDetails);
