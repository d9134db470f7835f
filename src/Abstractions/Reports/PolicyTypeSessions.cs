namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>
/// Sessions one policy type accounts for. A sender that evaluates the same sessions under an <c>sts</c> and a <c>tlsa</c>
/// policy (Microsoft does) reports them under both, so the types side by side show the overlap a headline total hides.
/// </summary>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.PolicyTypeSessions")]
public sealed record PolicyTypeSessions(
    [property: Id(0)] long SuccessfulSessions,
    [property: Id(1)] long FailedSessions);
