namespace TlsRptPlatform.Grains.Digest;

/// <summary>One domain's week in the digest, against the week before.</summary>
public sealed record DomainWeek(
    string Domain,
    long Sessions,
    long FailedSessions,
    long PreviousSessions,
    long PreviousFailedSessions,
    IReadOnlyList<TopFailure> TopFailures,
    IReadOnlyList<string> PolicyChanges,
    IReadOnlyList<string> Certificates,
    IReadOnlyList<string> SilentReporters)
{
    public double? FailureRate => Sessions == 0 ? null : (double)FailedSessions / Sessions;

    public double? PreviousFailureRate => PreviousSessions == 0 ? null : (double)PreviousFailedSessions / PreviousSessions;
}
