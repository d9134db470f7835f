namespace TlsRptPlatform.Api.Overview;

/// <summary>One domain of the tenant over the range, beside the range of the same length before it.</summary>
/// <param name="PreviousFailureRate">The failure rate of the equally long range just before; null when nothing was reported then.</param>
/// <param name="Trend">The range in at most 60 equal buckets of days, oldest first.</param>
public sealed record DomainOverview(
    string Domain,
    bool Verified,
    long Reports,
    long SuccessfulSessions,
    long FailedSessions,
    double FailureRate,
    double? PreviousFailureRate,
    IReadOnlyList<TrendPoint> Trend);

/// <summary>Sessions of one bucket of days, <see cref="From"/> to <see cref="To"/> inclusive.</summary>
public sealed record TrendPoint(DateOnly From, DateOnly To, long SuccessfulSessions, long FailedSessions, double FailureRate);
